using System.Diagnostics;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// <c>podman system service</c> on a socket of its own: the Docker-compatible API that docker-compose drives here
/// (<c>DOCKER_HOST=unix://…</c>). Stopped by its PID.
/// </summary>
internal sealed class PodmanSocket : IAsyncDisposable
{
    private readonly Process _service;
    private readonly string _folder;

    private PodmanSocket(Process service, string folder)
    {
        _service = service;
        _folder = folder;
    }

    public string DockerHost => "unix://" + Path.Combine(_folder, "podman.sock");

    public static async Task<PodmanSocket> StartAsync()
    {
        string folder = Directory.CreateTempSubdirectory("agentry-podman-").FullName;
        string socket = Path.Combine(folder, "podman.sock");
        var start = new ProcessStartInfo(Podman.Path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "system", "service", "--time=0", "unix://" + socket })
        {
            start.ArgumentList.Add(argument);
        }

        Process service = Process.Start(start) ?? throw new InvalidOperationException("Could not start podman system service.");
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        var started = new PodmanSocket(service, folder);
        for (int attempt = 0; attempt < 100 && !File.Exists(socket); attempt++)
        {
            Assert.False(service.HasExited, $"podman system service exited with {(service.HasExited ? service.ExitCode : 0)}.");
            await Task.Delay(100);
        }

        Assert.True(File.Exists(socket), "podman system service did not create its socket within 10 s.");
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_service.HasExited)
        {
            _service.Kill();
            await _service.WaitForExitAsync();
        }

        _service.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
