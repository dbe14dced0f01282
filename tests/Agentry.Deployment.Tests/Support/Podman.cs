using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// The podman command line. A missing podman, or a base image with no local stand-in, fails the test saying what to
/// run; neither ever skips.
/// </summary>
internal static class Podman
{
    private static readonly Lazy<string> Executable = new(() => ExternalTool.Require("podman", "podman"));

    public static string Path => Executable.Value;

    public static Task<CommandResult> RunAsync(params string[] arguments) => Command.RunAsync(Path, arguments);

    public static Task<CommandResult> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, string? standardInput = null) =>
        Command.RunAsync(Path, arguments, timeout, standardInput: standardInput);

    /// <summary>Removes a pod with its containers and their anonymous volumes (a Redis image declares /data as one).</summary>
    public static async Task RemovePodAsync(string pod)
    {
        CommandResult containers = await RunAsync("ps", "-a", "-q", "--filter", "pod=" + pod);
        foreach (string id in containers.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await RunAsync("rm", "-f", "-v", "-t", "0", id);
        }

        await RunAsync("pod", "rm", "-f", "-t", "0", pod);
    }

    public static async Task<bool> ImageExistsAsync(string image) => (await RunAsync("image", "exists", image)).ExitCode == 0;

    /// <summary>One field of <c>podman inspect</c> as JSON (a Go template of <c>json</c>).</summary>
    public static async Task<JsonElement> InspectAsync(string what, string template)
    {
        CommandResult result = (await RunAsync("inspect", "--format", "{{json " + template + "}}", what)).EnsureSuccess();
        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    /// <summary>One field of <c>podman image inspect</c> as JSON (image fields such as <c>HealthCheck</c> are only there).</summary>
    public static async Task<JsonElement> InspectImageAsync(string image, string template)
    {
        CommandResult result = (await RunAsync("image", "inspect", "--format", "{{json " + template + "}}", image)).EnsureSuccess();
        using JsonDocument document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    public static async Task<string> InspectTextAsync(string what, string template) =>
        (await RunAsync("inspect", "--format", template, what)).EnsureSuccess().Stdout.Trim();

    /// <summary>Fails saying how to make them when a base image the Dockerfile or the stacks name has no stand-in here.</summary>
    public static async Task RequireStandInsAsync(IEnumerable<string> images)
    {
        foreach (string image in images)
        {
            Assert.True(await ImageExistsAsync(image),
                $"The image {image} is not on this machine. No registry is reachable here: make the local stand-ins with " +
                "infrastructure/containers/build-stand-ins.sh (scripts/test.sh runs it).");
        }
    }
}
