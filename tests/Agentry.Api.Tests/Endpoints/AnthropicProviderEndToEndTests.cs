using System.Net;
using System.Text.Json;
using Agentry.Simulator;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// The service on its Anthropic provider against the simulator over real HTTP, through the official SDK and through
/// the hand-written client (<c>Providers:Anthropic:Client=direct</c>).
/// </summary>
public sealed class AnthropicProviderEndToEndTests : IAsyncLifetime
{
    private WebApplication? _simulator;
    private AgentryServer? _agentry;

    private AgentryServer Agentry => _agentry!;

    private SimulatorStats Stats => _simulator!.Services.GetRequiredService<SimulatorStats>();

    public async Task InitializeAsync()
    {
        _simulator = SimulatorServer.Build(["--urls", "http://127.0.0.1:0"]);
        await _simulator.StartAsync();
        _agentry = await StartAsync(AnthropicClient.Sdk);
    }

    public async Task DisposeAsync()
    {
        if (_agentry is not null)
        {
            await _agentry.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(AnthropicClient.Sdk)]
    [InlineData(AnthropicClient.Direct)]
    public async Task Run_OnAnthropicProvider_UsesToolAndAnswers(string client)
    {
        await using AgentryServer server = await StartAsync(client);
        long before = Stats.Requests;

        using HttpResponseMessage response = await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 17 * 23?"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement run = await JsonHttp.ReadAsync(response);
        Assert.Equal("anthropic", run.GetProperty("provider").GetString());
        Assert.Contains("391", run.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal("391", Assert.Single(run.GetProperty("tool_calls").EnumerateArray()).GetProperty("result").GetString());
        Assert.True(run.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(2, Stats.Requests - before);
    }

    [Theory]
    [InlineData(AnthropicClient.Sdk)]
    [InlineData(AnthropicClient.Direct)]
    public async Task Run_OnAnthropicProviderStreamed_DeliversDeltasAndCompletion(string client)
    {
        await using AgentryServer server = await StartAsync(client);
        using HttpResponseMessage response = await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 17 * 23?","stream":true}"""));

        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("run.completed", events[^1].Event);
        Assert.Contains("391", events[^1].Data.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.True(events.Count(e => e.Event == "text.delta") > 2);
        Assert.True(events[^1].Data.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);
    }

    [Theory]
    [InlineData(AnthropicClient.Sdk)]
    [InlineData(AnthropicClient.Direct)]
    public async Task Run_OnAnthropicProviderWithPromptCache_PricesCacheTokensSeparately(string client)
    {
        await using AgentryServer cached = await StartAsync(client, "--Agents:assistant:SystemPrompt=Be brief. [simulate-cache]");

        JsonElement run = await JsonHttp.ReadAsync(await cached.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"Hello there"}""")));

        JsonElement usage = run.GetProperty("usage");
        Assert.Equal(100, usage.GetProperty("cache_read_tokens").GetInt64());
        Assert.Equal(3, usage.GetProperty("cache_write_tokens").GetInt64());
        Assert.Equal(10, usage.GetProperty("input_tokens").GetInt64());
    }

    /// <summary>
    /// Prompt caching end to end: the service marks the tools and the system prompt with cache_control through the
    /// SDK, the simulator caches the prefix, and the second run reads what the first wrote, each part priced at its
    /// own rate (claude-sonnet-4-5: input $3, output $15, cache write $3.75, cache read $0.30 per million tokens).
    /// </summary>
    [Theory]
    [InlineData(AnthropicClient.Sdk)]
    [InlineData(AnthropicClient.Direct)]
    public async Task Runs_WithPromptCaching_WriteThenReadTheCache_PricedAtTheCacheRates(string client)
    {
        string systemPrompt = $"You are support agent {client}. " + string.Concat(Enumerable.Repeat("Answer from the manual and say which page. ", 120));
        await using AgentryServer server = await StartAsync(
            client,
            $"--Agents:assistant:SystemPrompt={systemPrompt}",
            "--Agents:plain:Provider=anthropic",
            "--Agents:plain:PromptCaching=false",
            $"--Agents:plain:SystemPrompt=Plain. {systemPrompt}",
            "--Agents:plain:Tools:0=calculator");
        long systemMarks = Stats.CacheControlBlocks("system");
        long toolMarks = Stats.CacheControlBlocks("tools");

        JsonElement first = await JsonHttp.ReadAsync(await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"Hello there"}""")));
        JsonElement second = await JsonHttp.ReadAsync(await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"Hello again","stream":false}""")));
        JsonElement plain = await JsonHttp.ReadAsync(await server.Api.PostAsync("/v1/agents/plain/runs", JsonHttp.Body("""{"input":"Hello there"}""")));

        Assert.Equal(2, Stats.CacheControlBlocks("system") - systemMarks);
        Assert.Equal(2, Stats.CacheControlBlocks("tools") - toolMarks);
        (long input, long output, long read, long write) = Usage(first);
        Assert.True(write > 1024, $"the tools and system prompt are a cacheable prefix; wrote {write}");
        Assert.Equal(0, read);
        Assert.Equal(Round((input * 3m + output * 15m + write * 3.75m) / 1_000_000m), first.GetProperty("cost_usd").GetDecimal());
        (long input2, long output2, long read2, long write2) = Usage(second);
        Assert.Equal((write, 0L), (read2, write2));
        Assert.Equal(Round((input2 * 3m + output2 * 15m + read2 * 0.3m) / 1_000_000m), second.GetProperty("cost_usd").GetDecimal());
        Assert.Equal((0L, 0L), (Usage(plain).Read, Usage(plain).Write));

        JsonElement total = (await JsonHttp.ReadAsync(await server.Api.GetAsync("/v1/usage"))).GetProperty("total");
        Assert.Equal(read2, total.GetProperty("cache_read_tokens").GetInt64());
        Assert.Equal(write, total.GetProperty("cache_write_tokens").GetInt64());
    }

    /// <summary>
    /// Both clients answer the same request with the same text and output, and the same input but for the tool schemas:
    /// the SDK moves keywords such as <c>minLength</c> into the property's description, the direct client sends the
    /// schema as the function declares it, which the simulator counts a couple of tokens apart.
    /// </summary>
    [Fact]
    public async Task Runs_ThroughBothClients_CostTheSame()
    {
        await using AgentryServer direct = await StartAsync(AnthropicClient.Direct);
        string body = """{"input":"What is 17 * 23?"}""";

        JsonElement viaSdk = await JsonHttp.ReadAsync(await Agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body)));
        JsonElement viaDirect = await JsonHttp.ReadAsync(await direct.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body)));

        Assert.Equal(viaSdk.GetProperty("output").GetString(), viaDirect.GetProperty("output").GetString());
        (long input, long output, long read, long write) = Usage(viaSdk);
        (long directInput, long directOutput, long directRead, long directWrite) = Usage(viaDirect);
        Assert.Equal((output, read, write), (directOutput, directRead, directWrite));
        Assert.InRange(directInput, input * 0.99, input * 1.01);
        Assert.InRange(viaDirect.GetProperty("cost_usd").GetDecimal(), viaSdk.GetProperty("cost_usd").GetDecimal() * 0.99m, viaSdk.GetProperty("cost_usd").GetDecimal() * 1.01m);
    }

    [Fact]
    public async Task Startup_WithAnUnknownAnthropicClient_Fails()
    {
        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync("fast"));

        Assert.Contains("Providers:Anthropic:Client must be 'sdk' or 'direct'", failure.ToString(), StringComparison.Ordinal);
    }

    private Task<AgentryServer> StartAsync(string client, params string[] extra) => AgentryServer.StartAsync(
    [
        "--Agents:assistant:Provider=anthropic",
        "--Providers:Anthropic:ApiKey=sk-ant-test-not-a-real-key",
        $"--Providers:Anthropic:BaseUrl={SimulatorServer.BoundAddress(_simulator!).ToString().TrimEnd('/')}",
        $"--Providers:Anthropic:Client={client}",
        .. extra,
    ]);

    private static (long Input, long Output, long Read, long Write) Usage(JsonElement run)
    {
        JsonElement usage = run.GetProperty("usage");
        return (usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64(),
            usage.GetProperty("cache_read_tokens").GetInt64(), usage.GetProperty("cache_write_tokens").GetInt64());
    }

    private static decimal Round(decimal usd) => decimal.Round(usd, 8);

    private static class AnthropicClient
    {
        public const string Sdk = "sdk";
        public const string Direct = "direct";
    }
}
