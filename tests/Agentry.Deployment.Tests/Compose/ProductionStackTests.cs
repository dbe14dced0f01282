using System.Net;
using System.Text.Json;
using Agentry.Deployment.Tests.Support;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Compose;

/// <summary>
/// The production stack (<c>docker-compose -f docker-compose.yml</c>, no development override): refused without its
/// secret files, served after the README's secret steps.
/// </summary>
[Collection(ContainerTier.Name)]
public sealed class ProductionStackTests
{
    [Fact]
    public async Task WithoutTheSecretFiles_TheAgentRefusesToStart_NamingTheMissingFile()
    {
        await using ComposeProject project = await ComposeProject.CreateAsync("docker-compose.yml");

        CommandResult up = await project.ComposeAsync(["up", "-d", "agent", "redis"]);
        CommandResult logs = await WaitForAgentLogAsync(project, "Start-up refused");

        Assert.Contains("secrets/api-keys.json", up.Stderr + up.Stdout, StringComparison.Ordinal);
        Assert.Contains("Security:KeysFile names '/run/secrets/api-keys.json', which does not exist", logs.Stdout + logs.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", logs.Stdout + logs.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterTheReadmesSecretSteps_EveryServiceIsHealthy_AndTheMadeKeyRuns()
    {
        await using ComposeProject project = await ComposeProject.CreateAsync("docker-compose.yml");

        // infrastructure/docker/README.md, "Production on one server", with an empty provider key (the built-in
        // simulator answers) and podman for docker (no Docker engine here).
        (await project.ShellAsync(
            "mkdir -p secrets && chmod 700 secrets && : > secrets/anthropic-api-key"
            + " && openssl rand -base64 24 | tr -d '\\n' > secrets/grafana-admin-password"
            + $" && podman run --rm {ContainerHost.ApiImage} --new-api-key acme --admin > secrets/new-key.txt"
            + " && tail -n 1 secrets/new-key.txt > secrets/api-keys.json && chmod 444 secrets/*")).EnsureSuccess();
        string key = File.ReadLines(Path.Combine(project.Folder, "secrets", "new-key.txt")).First().Split(' ')[^1];
        (await project.ComposeAsync(["up", "-d", .. ComposeProject.RunnableServices])).EnsureSuccess();
        await project.WaitHealthyAsync(ComposeProject.RunnableServices);

        using var api = new HttpClient { BaseAddress = project.Api };
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        using HttpResponseMessage refused = await api.SendAsync(anonymous);
        using var run = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body("""{"input":"What is 17 * 23?"}""") };
        run.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using HttpResponseMessage answered = await api.SendAsync(run);
        JsonElement answer = await JsonHttp.ReadAsync(answered);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("17 * 23 = 391.", answer.GetProperty("output").GetString());
        Assert.False((await project.StatusAsync()).ContainsKey("simulator"), "The production file has no simulator service.");
    }

    private static async Task<CommandResult> WaitForAgentLogAsync(ComposeProject project, string text)
    {
        CommandResult logs = new("docker-compose logs agent", 0, "", "");
        for (int attempt = 0; attempt < 60; attempt++)
        {
            logs = await project.ComposeAsync("logs", "--no-color", "agent");
            if ((logs.Stdout + logs.Stderr).Contains(text, StringComparison.Ordinal))
            {
                return logs;
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"The agent never logged '{text}':\n{logs.Output}");
        return logs;
    }
}
