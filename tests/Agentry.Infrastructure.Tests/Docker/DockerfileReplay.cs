using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>
/// Carries out a Dockerfile without a Docker engine: the build context filtered by .dockerignore, and for each
/// stage FROM, WORKDIR, ENV, COPY (from the context or another stage) and RUN (through /bin/sh, with the image's
/// absolute paths mapped into a scratch folder). A stage FROM an external image starts empty: its runtime is the
/// host's. A stage FROM another stage shares that stage's folder, an approximation that holds while sibling
/// stages write to different paths. Metadata instructions (LABEL, USER, EXPOSE, HEALTHCHECK, ENTRYPOINT, CMD)
/// are recorded, not run; any other instruction is refused.
/// </summary>
internal sealed partial class DockerfileReplay
{
    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal) { "LABEL", "USER", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD" };

    private readonly string _context;
    private readonly DockerIgnore _ignore;
    private readonly string _scratch;
    private readonly List<DockerStage> _stages;
    private readonly Dictionary<string, ReplayedStage> _done = new(StringComparer.Ordinal);
    private readonly Action<string> _log;

    public DockerfileReplay(string context, string dockerfile, DockerIgnore ignore, string scratch, Action<string> log)
    {
        _context = context;
        _ignore = ignore;
        _scratch = scratch;
        _log = log;
        _stages = DockerfileParser.Parse(File.ReadAllText(dockerfile));
    }

    public ReplayedStage Build(string target)
    {
        if (_done.TryGetValue(target, out ReplayedStage? built))
        {
            return built;
        }

        DockerStage stage = _stages.SingleOrDefault(s => s.Name == target)
            ?? throw new InvalidOperationException($"No stage named '{target}'.");
        ReplayedStage replayed = _stages.Any(s => s.Name == stage.BaseImage)
            ? Derive(Build(stage.BaseImage), stage)
            : new ReplayedStage(stage, Directory.CreateDirectory(Path.Combine(_scratch, target)).FullName);
        foreach (DockerInstruction instruction in stage.Instructions)
        {
            _log($"[{target}] {instruction}");
            Apply(replayed, instruction);
        }

        _done[target] = replayed;
        return replayed;
    }

    private static ReplayedStage Derive(ReplayedStage parent, DockerStage stage)
    {
        var child = new ReplayedStage(stage, parent.Root) { WorkingDirectory = parent.WorkingDirectory };
        foreach ((string key, string value) in parent.Environment)
        {
            child.Environment[key] = value;
        }

        return child;
    }

    private void Apply(ReplayedStage stage, DockerInstruction instruction)
    {
        switch (instruction.Keyword)
        {
            case "WORKDIR":
                Assert.StartsWith("/", instruction.Arguments);
                stage.WorkingDirectory = instruction.Arguments;
                Directory.CreateDirectory(stage.HostPath(instruction.Arguments));
                break;
            case "ENV":
                foreach (Match pair in EnvPair().Matches(instruction.Arguments))
                {
                    stage.Environment[pair.Groups["key"].Value] = pair.Groups["value"].Value.Trim('"');
                }

                Assert.True(EnvPair().Replace(instruction.Arguments, string.Empty).Trim().Length == 0, $"ENV must use key=value pairs: {instruction}");
                break;
            case "COPY":
                Copy(stage, instruction);
                break;
            case "RUN":
                Run(stage, instruction);
                break;
            case var keyword when Metadata.Contains(keyword):
                break;
            default:
                throw new Xunit.Sdk.XunitException($"The replay does not support {instruction}.");
        }
    }

    private void Copy(ReplayedStage stage, DockerInstruction instruction)
    {
        string[] words = DockerStage.ParseExecForm(instruction.Arguments) ?? instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string? from = words.FirstOrDefault(w => w.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        string[] operands = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
        Assert.True(operands.Length >= 2, $"COPY needs a source and a destination: {instruction}");
        string destination = operands[^1];
        string[] sources = operands[..^1];

        var matches = new List<(string HostPath, string Relative)>();
        foreach (string source in sources)
        {
            List<(string, string)> found = from is null ? MatchContext(source) : MatchStage(Build(from), source);
            Assert.True(found.Count > 0, $"COPY source '{source}' matches nothing: {instruction}");
            matches.AddRange(found);
        }

        string target = stage.HostPath(destination);
        bool intoFolder = destination.EndsWith('/') || matches.Count > 1 || destination is "." or "./";
        foreach ((string hostPath, string relative) in matches)
        {
            if (Directory.Exists(hostPath))
            {
                CopyFolder(hostPath, target, from is null ? relative : null);
            }
            else
            {
                string file = intoFolder ? Path.Combine(target, Path.GetFileName(hostPath)) : target;
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.Copy(hostPath, file, overwrite: true);
            }
        }
    }

    /// <summary>Context paths matching a COPY source (wildcards per segment), minus the ignored ones.</summary>
    private List<(string, string)> MatchContext(string source)
    {
        string[] segments = source.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { string.Empty };
        foreach (string segment in segments.Where(s => s != "."))
        {
            var next = new List<string>();
            foreach (string folder in current)
            {
                string host = Path.Combine(_context, folder);
                if (!Directory.Exists(host))
                {
                    continue;
                }

                Regex pattern = new("^" + Regex.Escape(segment).Replace("\\*", "[^/]*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
                next.AddRange(Directory.EnumerateFileSystemEntries(host)
                    .Select(entry => folder.Length == 0 ? Path.GetFileName(entry) : folder + "/" + Path.GetFileName(entry))
                    .Where(relative => pattern.IsMatch(relative.Split('/')[^1]) && !_ignore.IsExcluded(relative)));
            }

            current = next;
        }

        return current.Order(StringComparer.Ordinal).Select(relative => (Path.Combine(_context, relative), relative)).ToList();
    }

    private static List<(string, string)> MatchStage(ReplayedStage from, string source)
    {
        string host = from.HostPath(source);
        return File.Exists(host) || Directory.Exists(host) ? [(host, source)] : [];
    }

    private void CopyFolder(string source, string target, string? contextRelative)
    {
        Directory.CreateDirectory(target);
        foreach (string entry in Directory.EnumerateFileSystemEntries(source))
        {
            string name = Path.GetFileName(entry);
            string? relative = contextRelative is null ? null : contextRelative + "/" + name;
            if (relative is not null && _ignore.IsExcluded(relative))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                CopyFolder(entry, Path.Combine(target, name), relative);
            }
            else
            {
                File.Copy(entry, Path.Combine(target, name), overwrite: true);
            }
        }
    }

    private void Run(ReplayedStage stage, DockerInstruction instruction)
    {
        Assert.False(instruction.Arguments.StartsWith('['), $"The replay runs shell-form RUN only: {instruction}");
        Assert.False(instruction.Arguments.StartsWith("--", StringComparison.Ordinal), $"RUN flags (--mount, ...) need BuildKit and are not replayed: {instruction}");
        string command = AbsolutePath().Replace(instruction.Arguments, match => stage.Root + match.Value);
        var environment = stage.Environment.ToDictionary(pair => pair.Key, string? (pair) => pair.Value, StringComparer.Ordinal);
        ToolResult result = HostCommand.Run("/bin/sh", ["-c", command], stage.HostPath(stage.WorkingDirectory), environment, TimeSpan.FromMinutes(8));
        _log(result.StandardOutput);
        Assert.True(result.ExitCode == 0, result.Describe($"RUN at Dockerfile {instruction}"));
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S*)")]
    private static partial Regex EnvPair();

    /// <summary>An absolute path at the start of a shell word: the image's path, moved under the stage's root.</summary>
    [GeneratedRegex(@"(?<=^|\s)/(?=[A-Za-z_])")]
    private static partial Regex AbsolutePath();
}
