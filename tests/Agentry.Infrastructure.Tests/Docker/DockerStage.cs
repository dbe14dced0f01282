using System.Text.Json;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>A build stage: <c>FROM image AS name</c> and the instructions up to the next FROM.</summary>
internal sealed class DockerStage
{
    public DockerStage(string baseImage, string? name, int line)
    {
        BaseImage = baseImage;
        Name = name;
        Line = line;
    }

    public string BaseImage { get; }

    public string? Name { get; }

    public int Line { get; }

    public List<DockerInstruction> Instructions { get; } = [];

    public IEnumerable<DockerInstruction> Named(string keyword) =>
        Instructions.Where(i => i.Keyword.Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>The exec-form ENTRYPOINT (a JSON array), which needs no shell in the image.</summary>
    public string[] ExecEntrypoint()
    {
        DockerInstruction entrypoint = Named("ENTRYPOINT").Last();
        return ParseExecForm(entrypoint.Arguments)
            ?? throw new Xunit.Sdk.XunitException($"{Name}: ENTRYPOINT is not in exec form (JSON array): {entrypoint}");
    }

    public static string[]? ParseExecForm(string arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string trimmed = arguments.Trim();
        if (!trimmed.StartsWith('['))
        {
            return null;
        }

        return JsonSerializer.Deserialize<string[]>(trimmed);
    }

    public override string ToString() => Name ?? BaseImage;
}
