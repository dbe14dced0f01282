using System.Net;
using System.Text.Json.Nodes;
using Agentry.Simulator;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// Log lines of the real service: the built Agentry.Api.dll run as a child process (stdout is what Docker and
/// Kubernetes collect), driven through a run with a tool call, a streamed run, a failing tool and a failing model
/// call, then stopped by its PID.
/// </summary>
public sealed class ServiceLogs : IAsyncLifetime
{
    internal IReadOnlyList<string> RawLines { get; private set; } = [];

    internal IReadOnlyList<JsonObject> Lines { get; private set; } = [];

    /// <summary>Every field name that appears in at least one line.</summary>
    internal IReadOnlySet<string> Fields { get; private set; } = new HashSet<string>();

    public async Task InitializeAsync()
    {
        // An OpenAI-compatible backend that answers 404: a model call that fails for good, logged with its exception.
        await using WebApplication simulator = SimulatorServer.Build(["--urls", $"http://127.0.0.1:{FreePort.Next()}"]);
        await simulator.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Agents__broken__Provider"] = "openai",
            ["Agents__broken__Model"] = "gpt-test",
            ["Providers__OpenAI__ApiKey"] = "unused",
            ["Providers__OpenAI__BaseUrl"] = new Uri(SimulatorServer.BoundAddress(simulator), "/v1").ToString(),
        };
        IReadOnlyCollection<string> output;
        await using (AgentryProcess agentry = await AgentryProcess.StartAsync(settings))
        {
            await LiveTraffic.RunAsync(agentry.Api, "assistant", """{"input":"What is 17 * 23?"}""", HttpStatusCode.OK);
            await LiveTraffic.RunAsync(agentry.Api, "assistant", """{"input":"Hello","stream":true}""", HttpStatusCode.OK);
            await LiveTraffic.RunAsync(agentry.Api, "assistant", """{"input":"What is 1 / 0?"}""", HttpStatusCode.OK);
            await LiveTraffic.RunAsync(agentry.Api, "broken", """{"input":"Hello"}""", HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable);

            // The console logger writes on a background thread: wait until the last run's line is out.
            DateTime deadline = DateTime.UtcNow.AddSeconds(10);
            while (!agentry.Output.Any(l => l.Contains("\"LogModelCallFailed\"", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            output = agentry.Output.ToArray();
        }

        RawLines = output.ToList();
        Lines = output.Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Fields = Lines.SelectMany(l => l.Select(p => p.Key)).ToHashSet(StringComparer.Ordinal);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
