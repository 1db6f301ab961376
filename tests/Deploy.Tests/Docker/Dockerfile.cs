namespace KernelTruth.Deploy.Tests.Docker;

/// <summary>One instruction: keyword upper-cased, arguments with line continuations joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>One build stage: its FROM image, optional alias, and the instructions after it.</summary>
internal sealed record DockerStage(string Image, string? Alias, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> Of(string keyword) => Instructions.Where(i => i.Keyword == keyword);
}

/// <summary>
/// A small Dockerfile reader, enough for the rules in DockerfileTests (hadolint is not packaged
/// in Debian): comments and blank lines skipped, "\" continuations joined, stages split at FROM.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerStage> stages)
    {
        Path = path;
        Stages = stages;
    }

    public string Path { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                var next = lines[++i].Trim();
                if (next.StartsWith('#'))
                {
                    text = text[..^1] + " \\"; // a comment inside a continued instruction is dropped
                    continue;
                }

                text = text[..^1].TrimEnd() + " " + next;
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : text[(space + 1)..].Trim(), start));
        }

        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Where(p => !p.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var alias = parts.Length >= 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null;
                current = [];
                stages.Add(new DockerStage(parts[0], alias, current));
            }
            else if (current is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new InvalidDataException($"{path}:{instruction.Line}: {instruction.Keyword} before the first FROM");
                }
            }
            else
            {
                current.Add(instruction);
            }
        }

        return new Dockerfile(path, stages);
    }
}
