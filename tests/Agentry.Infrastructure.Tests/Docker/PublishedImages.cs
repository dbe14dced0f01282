using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>
/// The Dockerfile's two runtime stages, replayed once for the test class: the same COPY layout, restore and
/// dotnet publish commands the Dockerfile runs, in a scratch folder that is deleted afterwards.
/// </summary>
public sealed class PublishedImages : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("agentry-docker-replay-").FullName;
    private readonly System.Text.StringBuilder _log = new();

    public PublishedImages()
    {
        string dockerfile = Path.Combine(RepositoryLayout.Docker, "Dockerfile");
        DockerIgnore ignore = DockerIgnore.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, ".dockerignore")));
        var replay = new DockerfileReplay(RepositoryLayout.Root, dockerfile, ignore, _scratch, line => _log.AppendLine(line));
        Api = replay.Build("api");
        Simulator = replay.Build("simulator");
    }

    internal ReplayedStage Api { get; }

    internal ReplayedStage Simulator { get; }

    public string Log => _log.ToString();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A process that still holds a file is killed by its test; a leftover temp folder is harmless.
        }
    }
}
