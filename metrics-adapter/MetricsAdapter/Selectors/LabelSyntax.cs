namespace KernelTruth.MetricsAdapter.Selectors;

/// <summary>Kubernetes' rules for label keys and values (apimachinery validation), as messages.</summary>
internal static class LabelSyntax
{
    public const int MaxNameLength = 63;
    public const int MaxPrefixLength = 253;

    /// <summary>Why the key is invalid; null when it is valid.</summary>
    public static string? KeyProblem(string key)
    {
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        string name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            string prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > MaxPrefixLength || !IsDnsSubdomain(prefix))
            {
                return $"the prefix before '/' must be a DNS subdomain of at most {MaxPrefixLength} characters (lowercase letters, digits, '-', '.')";
            }
        }

        if (name.Length == 0)
        {
            return "the name part is empty";
        }

        return NameProblem(name);
    }

    /// <summary>Why the value is invalid; null when it is valid (the empty value is valid).</summary>
    public static string? ValueProblem(string value) => value.Length == 0 ? null : NameProblem(value);

    private static string? NameProblem(string name)
    {
        if (name.Length > MaxNameLength)
        {
            return $"longer than {MaxNameLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
        {
            return "must start and end with a letter or digit";
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"character '{c}' is not allowed (letters, digits, '-', '_', '.')";
            }
        }

        return null;
    }

    private static bool IsDnsSubdomain(string s)
    {
        foreach (string part in s.Split('.'))
        {
            if (part.Length == 0 || part.Length > 63 || !IsLowerAlnum(part[0]) || !IsLowerAlnum(part[^1]))
            {
                return false;
            }

            foreach (char c in part)
            {
                if (!IsLowerAlnum(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
