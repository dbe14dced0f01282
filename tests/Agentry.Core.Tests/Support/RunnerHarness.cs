using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Core.Sessions;
using Agentry.Core.Telemetry;
using Agentry.Core.Tools;
using Agentry.Testing;
using Agentry.Tools.BuiltIn;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Core.Tests.Support;

/// <summary>An <see cref="AgentRunner"/> wired to in-memory parts, a fake clock and a scripted model.</summary>
internal sealed class RunnerHarness : IDisposable
{
    private readonly TestMeterFactory _meters = new();

    public RunnerHarness(AgentDefinition? definition = null, params AIFunction[] extraTools)
    {
        Definition = definition ?? new AgentDefinition { Name = "test", Model = "claude-sonnet-4-5" };
        Definition.Name = string.IsNullOrEmpty(Definition.Name) ? "test" : Definition.Name;
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        Sessions = new InMemorySessionStore(Options.Create(new SessionStoreOptions()), Time);
        var metrics = new AgentryMetrics(_meters);
        Tools = new ToolRegistry([new BuiltInTools(Time), new ToolSet(extraTools)]);
        foreach (string name in Tools.Names)
        {
            if (!Definition.Tools.Contains(name))
            {
                Definition.Tools.Add(name);
            }
        }

        Runner = new AgentRunner(
            Sessions,
            new PriceTable(Options.Create(new PricingOptions())),
            metrics,
            new ToolInvoker(metrics, Time, NullLogger<ToolInvoker>.Instance),
            Time,
            NullLogger<AgentRunner>.Instance);
        Agent = new ResolvedAgent(Definition, Model, "test", Definition.Model, Tools);
    }

    public AgentDefinition Definition { get; }

    public FakeTimeProvider Time { get; }

    public InMemorySessionStore Sessions { get; }

    public ToolRegistry Tools { get; }

    public ScriptedChatClient Model { get; } = new();

    public AgentRunner Runner { get; }

    public ResolvedAgent Agent { get; }

    public Task<AgentRunResult> RunAsync(string input, string? sessionId = null, IAgentRunSink? sink = null, CancellationToken cancellationToken = default) =>
        Runner.RunAsync(Agent, new AgentRunRequest { Tenant = "t1", Input = input, SessionId = sessionId }, sink, cancellationToken);

    public void Dispose() => _meters.Dispose();
}
