namespace KernelTruth.MetricsAdapter.Selectors;

/// <summary>
/// Parses the label selector syntax of Kubernetes list calls (<c>?labelSelector=</c>):
/// requirements separated by ',' (AND), each one of
/// <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, <c>key in (a,b)</c>,
/// <c>key notin (a,b)</c>, <c>key</c> (exists), <c>!key</c> (does not exist). Whitespace around
/// tokens is ignored; a value may be empty (<c>tier=</c>). Keys are <c>[prefix/]name</c>: name 1–63
/// of [A-Za-z0-9-_.] starting and ending alphanumeric, prefix a DNS-1123 subdomain ≤ 253; values
/// ≤ 63 of the same characters. The numeric <c>&gt;</c> / <c>&lt;</c> operators are refused.
/// Limits (the input is untrusted): <see cref="MaxLength"/> characters, <see cref="MaxRequirements"/>
/// requirements, <see cref="MaxValues"/> values in one set.
/// </summary>
internal static class LabelSelectorParser
{
    public const int MaxLength = 4096;
    public const int MaxRequirements = 64;
    public const int MaxValues = 256;

    /// <exception cref="SelectorException">The message names the position and what was expected.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return LabelSelector.Everything;
        }

        if (text.Length > MaxLength)
        {
            throw new SelectorException($"selector is {text.Length} characters long; at most {MaxLength} are accepted");
        }

        var scanner = new Scanner(text);
        var requirements = new List<SelectorRequirement>();
        while (true)
        {
            if (requirements.Count == MaxRequirements)
            {
                throw new SelectorException($"selector has more than {MaxRequirements} requirements");
            }

            requirements.Add(Requirement(scanner));
            scanner.SkipSpace();
            if (scanner.AtEnd)
            {
                return new LabelSelector(requirements);
            }

            if (scanner.Peek != ',')
            {
                throw scanner.Error($"expected ',' or the end of the selector, found '{scanner.Peek}'");
            }

            scanner.Advance();
        }
    }

    private static SelectorRequirement Requirement(Scanner s)
    {
        s.SkipSpace();
        if (s.TryTake('!'))
        {
            string negated = Key(s);
            return new SelectorRequirement(negated, SelectorOperator.DoesNotExist, []);
        }

        string key = Key(s);
        s.SkipSpace();
        if (s.AtEnd || s.Peek == ',')
        {
            return new SelectorRequirement(key, SelectorOperator.Exists, []);
        }

        if (s.TryTake('='))
        {
            s.TryTake('=');
            return new SelectorRequirement(key, SelectorOperator.Equals, [Value(s)]);
        }

        if (s.Peek == '!' && s.PeekAt(1) == '=')
        {
            s.Advance();
            s.Advance();
            return new SelectorRequirement(key, SelectorOperator.NotEquals, [Value(s)]);
        }

        if (s.Peek is '<' or '>')
        {
            throw s.Error($"operator '{s.Peek}' (numeric comparison) is not supported; use =, ==, !=, in, notin, exists or !key");
        }

        int at = s.Position;
        string word = s.Word();
        var op = word switch
        {
            "in" => SelectorOperator.In,
            "notin" => SelectorOperator.NotIn,
            _ => throw new SelectorException($"at position {at}: expected an operator (=, ==, !=, in, notin) after key '{key}', found '{(word.Length > 0 ? word : s.Peek.ToString())}'"),
        };
        return new SelectorRequirement(key, op, Set(s, word));
    }

    private static List<string> Set(Scanner s, string op)
    {
        s.SkipSpace();
        if (!s.TryTake('('))
        {
            throw s.Error($"expected '(' after '{op}'");
        }

        var values = new List<string>();
        while (true)
        {
            s.SkipSpace();
            if (values.Count == 0 && s.TryTake(')'))
            {
                throw s.Error($"the set after '{op}' is empty; give at least one value");
            }

            if (values.Count == MaxValues)
            {
                throw s.Error($"the set after '{op}' has more than {MaxValues} values");
            }

            values.Add(Value(s));
            s.SkipSpace();
            if (s.TryTake(')'))
            {
                return values;
            }

            if (!s.TryTake(','))
            {
                throw s.Error(s.AtEnd ? $"the set after '{op}' is not closed with ')'" : $"expected ',' or ')' in the set after '{op}', found '{s.Peek}'");
            }
        }
    }

    private static string Key(Scanner s)
    {
        s.SkipSpace();
        int at = s.Position;
        string key = s.Word();
        if (key.Length == 0)
        {
            throw s.Error(s.AtEnd ? "expected a label key, found the end of the selector" : $"expected a label key, found '{s.Peek}'");
        }

        if (LabelSyntax.KeyProblem(key) is { } problem)
        {
            throw new SelectorException($"at position {at}: key '{Clip(key)}' is invalid: {problem}");
        }

        return key;
    }

    private static string Value(Scanner s)
    {
        s.SkipSpace();
        int at = s.Position;
        string value = s.Word();
        if (LabelSyntax.ValueProblem(value) is { } problem)
        {
            throw new SelectorException($"at position {at}: value '{Clip(value)}' is invalid: {problem}");
        }

        return value;
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>Position-keeping reader over the selector text.</summary>
    private sealed class Scanner(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek => AtEnd ? '\0' : text[Position];

        public char PeekAt(int ahead) => Position + ahead < text.Length ? text[Position + ahead] : '\0';

        public void Advance() => Position++;

        public bool TryTake(char c)
        {
            if (!AtEnd && text[Position] == c)
            {
                Position++;
                return true;
            }

            return false;
        }

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        /// <summary>Characters up to whitespace or one of the selector's punctuation: , ( ) = ! &lt; &gt;.</summary>
        public string Word()
        {
            int start = Position;
            while (!AtEnd && !char.IsWhiteSpace(text[Position]) && text[Position] is not (',' or '(' or ')' or '=' or '!' or '<' or '>'))
            {
                Position++;
            }

            return text[start..Position];
        }

        public SelectorException Error(string what) => new($"at position {Position}: {what}");
    }
}
