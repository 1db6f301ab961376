namespace KernelTruth.Cli.Tests.BadInput;

/// <summary>One row of bad-invocations.txt: the exit code expected, the binary, its arguments and a piece of the error.</summary>
internal sealed record BadInvocation(int Line, int Exit, string Binary, IReadOnlyList<string> Args, string? Expected)
{
    public static IReadOnlyList<BadInvocation> Load(string path) =>
    [
        .. File.ReadAllLines(path)
            .Select((text, i) => (Text: text.Trim(), Line: i + 1))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#'))
            .Select(l => Parse(l.Text, l.Line)),
    ];

    public override string ToString() => $"line {Line}: {Binary} {string.Join(' ', Args.Select(a => a.Length == 0 ? "''" : a))}";

    private static BadInvocation Parse(string text, int line)
    {
        string[] halves = text.Split(" | ", 2);
        string[] words = halves[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !int.TryParse(words[0], out int exit))
        {
            throw new FormatException($"bad-invocations.txt line {line}: expected 'EXIT BINARY ARGS... | expected', was '{text}'");
        }

        return new BadInvocation(line, exit, words[1], [.. words.Skip(2).Select(w => w == "''" ? "" : w)], halves.Length == 2 ? halves[1].Trim() : null);
    }
}
