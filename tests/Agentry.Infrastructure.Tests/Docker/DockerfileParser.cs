namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>Splits a Dockerfile into stages and instructions (comments dropped, backslash continuations joined).</summary>
internal static class DockerfileParser
{
    public static List<DockerStage> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stages = new List<DockerStage>();
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int start = i + 1;
            var joined = new List<string>();
            while (true)
            {
                string current = lines[i].Trim();
                if (!current.StartsWith('#'))
                {
                    bool continues = current.EndsWith('\\');
                    joined.Add(continues ? current[..^1].TrimEnd() : current);
                    if (!continues)
                    {
                        break;
                    }
                }

                i++;
                if (i >= lines.Length)
                {
                    throw new InvalidOperationException($"line {start}: the file ends inside a continued instruction.");
                }
            }

            string instruction = string.Join(' ', joined.Where(part => part.Length > 0));
            int space = instruction.IndexOf(' ', StringComparison.Ordinal);
            string keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            string arguments = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                string[] parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                bool named = parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase);
                if (parts.Length != 1 && !named)
                {
                    throw new InvalidOperationException($"line {start}: unsupported FROM '{arguments}'.");
                }

                stages.Add(new DockerStage(parts[0], named ? parts[2] : null, start));
            }
            else if (stages.Count == 0)
            {
                throw new InvalidOperationException($"line {start}: {keyword} before the first FROM (ARG there is not supported by the replay).");
            }
            else
            {
                stages[^1].Instructions.Add(new DockerInstruction(keyword, arguments, start));
            }
        }

        return stages;
    }
}
