using System.Diagnostics;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// Once per test run: checks the stand-in base images, builds both targets of the real Dockerfile with podman under
/// the names the Compose file and the Deployment use, and drives health checks while the tests run.
/// </summary>
#pragma warning disable CA1001 // xUnit ends a fixture through IAsyncLifetime.DisposeAsync, which stops the driver.
public sealed class ContainerHost : IAsyncLifetime
#pragma warning restore CA1001
{
    /// <summary>The version the assets pin (Compose's AGENTRY_VERSION default, the Deployment's image tag).</summary>
    public const string Version = "0.1.0";

    public const string ApiImage = "agentry/agentry-api:" + Version;
    public const string SimulatorImage = "agentry/agentry-simulator:" + Version;

    private HealthCheckDriver? _driver;

    /// <summary>How long each build took, for the docs (the restore layer comes from podman's cache when it can).</summary>
    public IReadOnlyDictionary<string, TimeSpan> BuildTimes { get; private set; } = new Dictionary<string, TimeSpan>();

    public static string Dockerfile => Path.Combine(RepositoryPaths.Root, "infrastructure", "docker", "Dockerfile");

    /// <summary>The Dockerfile's base images (FROM lines with a tag; the build stages have none).</summary>
    public static IReadOnlyList<string> BaseImages => File.ReadLines(Dockerfile)
        .Where(line => line.StartsWith("FROM ", StringComparison.Ordinal))
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])
        .Where(image => image.Contains(':', StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    public async Task InitializeAsync()
    {
        await Podman.RequireStandInsAsync(BaseImages);
        var times = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        times[ApiImage] = await BuildAsync(ApiImage, "api");
        times[SimulatorImage] = await BuildAsync(SimulatorImage, "simulator");
        BuildTimes = times;
        await KeepOnlyTheLatestBuildCacheAsync();
        _driver = new HealthCheckDriver();
    }

    public async Task DisposeAsync()
    {
        if (_driver is not null)
        {
            await _driver.DisposeAsync();
        }
    }

    /// <summary>
    /// Each build leaves its build stages as untagged images (the layer cache); once the sources change, the
    /// previous ones are never used again and each holds about a gigabyte. The latest build stage is tagged, so it
    /// stays as the next build's cache, and the older untagged ones are removed.
    /// </summary>
    private static async Task KeepOnlyTheLatestBuildCacheAsync()
    {
        foreach (string stage in new[] { "publish-api", "publish-simulator" })
        {
            (await Podman.RunAsync(
                ["build", "--pull=never", "--format", "docker", "-f", Dockerfile, "--target", stage, "-t", "localhost/agentry-build-cache:" + stage, RepositoryPaths.Root],
                TimeSpan.FromMinutes(5))).EnsureSuccess();
        }

        await Podman.RunAsync("image", "prune", "-f");
    }

    private static async Task<TimeSpan> BuildAsync(string image, string target)
    {
        var clock = Stopwatch.StartNew();
        (await Podman.RunAsync(
            ["build", "--pull=never", "--format", "docker", "-f", Dockerfile, "--target", target, "-t", image, RepositoryPaths.Root],
            TimeSpan.FromMinutes(20))).EnsureSuccess();
        return clock.Elapsed;
    }
}
