using System.Text.Json;
using Agentry.Core.Tools;
using Agentry.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>A tool source that starts asynchronously: the service is ready without it, and its tools appear once it has started.</summary>
public sealed class ToolSourceTests
{
    [Fact]
    public async Task SlowSource_DoesNotHoldReadiness_AndItsToolIsOfferedOnceStarted()
    {
        var source = new GatedToolSource(AIFunctionFactory.Create(() => "pong", "late_ping", "Answers pong."));
        await using AgentryServer server = await AgentryServer.StartAsync(
            services => services.AddSingleton<IToolSource>(source),
            "--Agents:late:Provider=simulator", "--Agents:late:Tools:0=late_ping");

        using HttpResponseMessage ready = await server.Management.GetAsync("/health/ready");
        string[] before = await ToolsOfAsync(server, "late");
        source.Open();
        string[] after = [];
        for (int attempt = 0; attempt < 100 && after.Length == 0; attempt++)
        {
            after = await ToolsOfAsync(server, "late");
            await Task.Delay(after.Length == 0 ? 20 : 0);
        }

        Assert.True(ready.IsSuccessStatusCode);
        Assert.True(source.StartCalled);
        Assert.Empty(before);
        Assert.Equal(["late_ping"], after);
    }

    private static async Task<string[]> ToolsOfAsync(AgentryServer server, string agent)
    {
        JsonElement agents = await JsonHttp.ReadAsync(await server.Api.GetAsync("/v1/agents"));
        return agents.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("name").GetString() == agent)
            .GetProperty("tools").EnumerateArray().Select(t => t.GetString()!).ToArray();
    }

    /// <summary>Claims its tool from the start, offers it only after the test opens the gate.</summary>
    private sealed class GatedToolSource(AIFunction tool) : IToolSource
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _started;

        public bool StartCalled { get; private set; }

        public IEnumerable<string> ToolNames => _started ? [tool.Name] : [];

        public bool Claims(string toolName) => toolName == tool.Name;

        public bool TryGetTool(string toolName, out AIFunction found)
        {
            found = tool;
            return _started && toolName == tool.Name;
        }

        public void Open() => _gate.TrySetResult();

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            StartCalled = true;
            await _gate.Task.WaitAsync(cancellationToken);
            _started = true;
        }
    }
}
