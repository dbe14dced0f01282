using System.Net;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Images;

/// <summary>The simulator's image (the Dockerfile's <c>simulator</c> target) as the development Compose stack runs it.</summary>
[Collection(ContainerTier.Name)]
public sealed class SimulatorImageTests
{
    [Fact]
    public async Task Image_PassesItsHealthCheck_AndAnswersTheMessagesApi()
    {
        string name = "agentry-simulator-" + Guid.NewGuid().ToString("N")[..8];
        int port = FreePort.Next();
        (await Podman.RunAsync("run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "-p", $"127.0.0.1:{port}:9100", ContainerHost.SimulatorImage)).EnsureSuccess();
        try
        {
            int healthCheck = -1;
            for (int attempt = 0; attempt < 60 && healthCheck != 0; attempt++)
            {
                healthCheck = (await Podman.RunAsync("healthcheck", "run", name)).ExitCode;
                if (healthCheck != 0)
                {
                    await Task.Delay(500);
                }
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = JsonHttp.Body("""{"model":"claude-haiku-4-5","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}"""),
            };
            request.Headers.Add("x-api-key", "simulator-placeholder-not-a-key");
            request.Headers.Add("anthropic-version", "2023-06-01");
            using HttpResponseMessage answer = await http.SendAsync(request);
            string user = await Podman.InspectTextAsync(ContainerHost.SimulatorImage, "{{.Config.User}}");

            Assert.Equal(0, healthCheck);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("message", (await JsonHttp.ReadAsync(answer)).GetProperty("type").GetString());
            Assert.Equal("1654:1654", user);
        }
        finally
        {
            await Podman.RunAsync("rm", "-f", "-t", "0", name);
        }
    }
}
