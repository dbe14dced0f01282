namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>A stage after replay: its root folder (standing in for '/'), working directory and environment.</summary>
internal sealed class ReplayedStage
{
    public ReplayedStage(DockerStage stage, string root)
    {
        Stage = stage;
        Root = root;
    }

    public DockerStage Stage { get; }

    public string Root { get; }

    public string WorkingDirectory { get; set; } = "/";

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The host path standing for an absolute path inside the image.</summary>
    public string HostPath(string imagePath)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        string absolute = imagePath.StartsWith('/') ? imagePath : WorkingDirectory.TrimEnd('/') + "/" + imagePath;
        return Path.GetFullPath(Path.Combine(Root, absolute.TrimStart('/')));
    }
}
