using Agentry.Core.Pipeline;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Core.Resilience;
using Agentry.Providers.Anthropic;
using Agentry.Providers.Simulator;
using global::Anthropic;
using global::Anthropic.Core;
using global::Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Tests.Anthropic;

/// <summary>
/// The official Anthropic SDK, through its Microsoft.Extensions.AI adapter, against the simulator over loopback:
/// proves the simulator speaks the wire format the SDK really parses, JSON and SSE alike.
/// </summary>
public sealed class AnthropicProviderTests(SimulatorServerFixture server) : IClassFixture<SimulatorServerFixture>
{
    private const string Model = "claude-sonnet-4-5";
    private const string CacheMarkerSystemPrompt = "You are a test assistant. [simulate-cache]";

    private static readonly HttpClient SharedHttp = new();

    private static readonly ChatOptions CalculatorOptions = new()
    {
        Tools = [AIFunctionFactory.Create((string expression) => "391", SimulatorEngine.CalculatorTool)],
    };

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Messages_PlainText_RoundTrips(string kind)
    {
        using IChatClient client = CreateClient(kind);

        ChatResponse response = await client.GetResponseAsync("Tell me about lighthouses.");

        Assert.Contains("lighthouses", response.Text, StringComparison.Ordinal);
        Assert.Equal(Model, response.ModelId);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.StartsWith("msg_", response.ResponseId, StringComparison.Ordinal);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokenCount > 0);
        Assert.True(response.Usage.OutputTokenCount > 0);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Messages_Streaming_MatchesNonStreaming(string kind)
    {
        using IChatClient client = CreateClient(kind);
        ChatMessage[] messages = [new(ChatRole.User, "Tell me about lighthouses.")];

        ChatResponse response = await client.GetResponseAsync(messages);
        List<ChatResponseUpdate> updates = await Collect(client.GetStreamingResponseAsync(messages));
        ChatResponse streamed = updates.ToChatResponse();

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the text should arrive in several deltas");
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.Equal(Model, streamed.ModelId);
        Assert.NotNull(streamed.Usage);
        Assert.Equal(response.Usage!.InputTokenCount, streamed.Usage.InputTokenCount);
        Assert.Equal(response.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Messages_WhenToolsOffered_ReturnsToolUse(string kind)
    {
        using IChatClient client = CreateClient(kind);
        List<ChatMessage> conversation = [new(ChatRole.User, "What is 17 * 23?")];

        ChatResponse response = await client.GetResponseAsync(conversation, CalculatorOptions);

        FunctionCallContent call = AssertCalculatorCall(response);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);

        conversation.AddRange(response.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "391")]));
        ChatResponse answer = await client.GetResponseAsync(conversation, CalculatorOptions);

        Assert.Contains("391", answer.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Messages_Streaming_WhenToolsOffered_ReturnsToolUse(string kind)
    {
        using IChatClient client = CreateClient(kind);
        List<ChatMessage> conversation = [new(ChatRole.User, "What is 17 * 23?")];

        ChatResponse response = (await Collect(client.GetStreamingResponseAsync(conversation, CalculatorOptions))).ToChatResponse();

        FunctionCallContent call = AssertCalculatorCall(response);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);

        conversation.AddRange(response.Messages);
        conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "391")]));
        ChatResponse answer = (await Collect(client.GetStreamingResponseAsync(conversation, CalculatorOptions))).ToChatResponse();

        Assert.Contains("391", answer.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, answer.FinishReason);
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Messages_WhenCacheSimulated_MapsCacheUsage(string kind)
    {
        using IChatClient client = CreateClient(kind);
        ChatMessage[] messages = [new(ChatRole.System, CacheMarkerSystemPrompt), new(ChatRole.User, "Hello")];

        ChatResponse response = await client.GetResponseAsync(messages);
        ChatResponse streamed = (await Collect(client.GetStreamingResponseAsync(messages))).ToChatResponse();

        AssertCacheUsage(response.Usage);
        AssertCacheUsage(streamed.Usage);
    }

    [Fact]
    public async Task Messages_WhenMetadataUserIdIsCacheTest_MapsCacheUsage()
    {
        using IChatClient client = CreateClient(AnthropicOptions.SdkClient);
        var options = new ChatOptions
        {
            // The adapter has no ChatOptions field for metadata; a raw MessageCreateParams carries it through.
            RawRepresentationFactory = _ => new MessageCreateParams
            {
                MaxTokens = 1024,
                Messages = [],
                Model = Model,
                Metadata = new Metadata { UserID = "cache-test" },
            },
        };

        ChatResponse response = await client.GetResponseAsync("Hello", options);

        AssertCacheUsage(response.Usage);
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Adapter_WithPromptCacheAsked_SendsCacheControl_AndTheNextCallReadsTheCache(string kind)
    {
        using IChatClient client = CreateAgentryClient(kind);
        ChatMessage[] messages = [new(ChatRole.System, LongSystemPrompt()), new(ChatRole.User, "Hello")];
        ChatOptions options = CachedCalculatorOptions();
        long tools = server.Stats.CacheControlBlocks("tools");
        long system = server.Stats.CacheControlBlocks("system");
        long inMessages = server.Stats.CacheControlBlocks("messages");

        RunUsage first = UsageMapping.From((await client.GetResponseAsync(messages, options)).Usage);
        RunUsage second = UsageMapping.From((await Collect(client.GetStreamingResponseAsync(messages, options))).ToChatResponse().Usage);

        Assert.Equal(2, server.Stats.CacheControlBlocks("tools") - tools);
        Assert.Equal(2, server.Stats.CacheControlBlocks("system") - system);
        Assert.Equal(0, server.Stats.CacheControlBlocks("messages") - inMessages);
        Assert.True(first.CacheWriteTokens >= 1024, $"the prefix is over the 1024-token minimum, wrote {first.CacheWriteTokens}");
        Assert.Equal(0, first.CacheReadTokens);
        Assert.Equal(first.CacheWriteTokens, second.CacheReadTokens);
        Assert.Equal(0, second.CacheWriteTokens);
        Assert.Equal(first.InputTokens, second.InputTokens);
        Assert.Null(messages[0].Contents[0].AdditionalProperties);
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Adapter_WithoutPromptCache_SendsNoCacheControl(string kind)
    {
        using IChatClient client = CreateAgentryClient(kind);
        ChatMessage[] messages = [new(ChatRole.System, LongSystemPrompt()), new(ChatRole.User, "Hello")];
        long before = server.Stats.CacheControlBlocks("system") + server.Stats.CacheControlBlocks("tools");

        ChatResponse response = await client.GetResponseAsync(messages, CalculatorOptions);
        await client.GetResponseAsync(messages, CalculatorOptions);

        Assert.Equal(before, server.Stats.CacheControlBlocks("system") + server.Stats.CacheControlBlocks("tools"));
        RunUsage usage = UsageMapping.From(response.Usage);
        Assert.Equal((0, 0), (usage.CacheReadTokens, usage.CacheWriteTokens));
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient)]
    [InlineData(AnthropicOptions.DirectClient)]
    public async Task Adapter_Streaming_PassesOnTheUsageOfMessageStart_BeforeTheFirstText(string kind)
    {
        using IChatClient client = CreateAgentryClient(kind);

        var call = new ModelCall { Tenant = "t" };
        var updates = new List<ChatResponseUpdate>();
        UsageDetails? atFirstText = null;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Tell me about lighthouses.", call.AttachTo(new ChatOptions())))
        {
            if (update.Text.Length > 0 && !updates.Any(u => u.Text.Length > 0))
            {
                atFirstText = call.UsageSoFar;
            }

            updates.Add(update);
        }

        UsageDetails soFar = Assert.IsType<UsageDetails>(atFirstText);
        UsageDetails final = updates.ToChatResponse().Usage!;
        Assert.Equal(final.InputTokenCount, soFar.InputTokenCount);
        Assert.Equal(1, soFar.OutputTokenCount);
    }

    [Fact]
    public async Task Messages_MalformedJson_Returns400InvalidRequest()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/v1/messages")
        {
            Content = new StringContent("{\"model\": \"x\", \"messages\": [", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "test-key");

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Messages_MissingMaxTokens_Returns400InvalidRequest()
    {
        using HttpResponseMessage response = await PostAsync("""{"model":"x","messages":[{"role":"user","content":"hi"}]}""", apiKey: "test-key");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("max_tokens", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_WithoutApiKey_Returns401AuthenticationError()
    {
        using HttpResponseMessage response = await PostAsync("""{"model":"x","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", apiKey: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("authentication_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stats_CountsMessagesCalls()
    {
        using var http = new HttpClient();
        long before = await ReadRequestCount(http);

        using IChatClient client = CreateClient(AnthropicOptions.SdkClient);
        await client.GetResponseAsync("Hello");

        Assert.True(await ReadRequestCount(http) >= before + 1);
        Assert.True(server.Stats.Requests >= before + 1);
        Assert.Equal("ok", await http.GetStringAsync(new Uri(server.BaseUrl + "/health")));
    }

    [Fact]
    public async Task DirectClient_ReportsTheSameUsageAsTheSdk_ForTheSameRequests()
    {
        using IChatClient sdk = CreateAgentryClient(AnthropicOptions.SdkClient);
        using IChatClient direct = CreateAgentryClient(AnthropicOptions.DirectClient);
        ChatMessage[] plain = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Tell me about lighthouses.")];
        ChatMessage[] cached = [new(ChatRole.System, CacheMarkerSystemPrompt), new(ChatRole.User, "Hello")];

        foreach (ChatMessage[] messages in new[] { plain, cached })
        {
            ChatResponse fromSdk = await sdk.GetResponseAsync(messages, CalculatorOptions);
            ChatResponse fromDirect = await direct.GetResponseAsync(messages, CalculatorOptions);
            ChatResponse streamedSdk = (await Collect(sdk.GetStreamingResponseAsync(messages, CalculatorOptions))).ToChatResponse();
            ChatResponse streamedDirect = (await Collect(direct.GetStreamingResponseAsync(messages, CalculatorOptions))).ToChatResponse();

            Assert.Equal(fromSdk.Text, fromDirect.Text);
            Assert.Equal(fromSdk.FinishReason, fromDirect.FinishReason);
            Assert.Equal(UsageMapping.From(fromSdk.Usage), UsageMapping.From(fromDirect.Usage));
            Assert.Equal(UsageMapping.From(streamedSdk.Usage), UsageMapping.From(streamedDirect.Usage));
            Assert.Equal(fromSdk.Usage!.InputTokenCount, fromDirect.Usage!.InputTokenCount);
            Assert.Equal(fromSdk.Usage.CachedInputTokenCount, fromDirect.Usage.CachedInputTokenCount);
            Assert.Equal(fromSdk.Usage.AdditionalCounts?.Keys ?? [], fromDirect.Usage.AdditionalCounts?.Keys ?? []);
        }
    }

    [Theory]
    [InlineData(AnthropicOptions.SdkClient, "rate_limit", 429, "rate_limited")]
    [InlineData(AnthropicOptions.DirectClient, "rate_limit", 429, "rate_limited")]
    [InlineData(AnthropicOptions.SdkClient, "server_error", 500, "server_error")]
    [InlineData(AnthropicOptions.DirectClient, "server_error", 500, "server_error")]
    [InlineData(AnthropicOptions.SdkClient, "overloaded", 529, "overloaded")]
    [InlineData(AnthropicOptions.DirectClient, "overloaded", 529, "overloaded")]
    public async Task Failures_AreReportedTheSameByBothClients_WithTheirRetryAfter(string kind, string fault, int status, string expected)
    {
        using var http = new HttpClient(new RetryAfterCaptureHandler(TimeProvider.System));
        http.DefaultRequestHeaders.Add(SimulatorFaults.Header, fault + "=1");
        using IChatClient client = kind == AnthropicOptions.DirectClient
            ? new AnthropicMessagesChatClient(http, new Uri(server.BaseUrl), "test-key", Model, TimeSpan.FromSeconds(30), TimeProvider.System)
            : new AnthropicAdapterChatClient(new AnthropicClient(new ClientOptions { ApiKey = "test-key", BaseUrl = server.BaseUrl, MaxRetries = 0, HttpClient = http }).AsIChatClient(Model));

        ProviderException failure = await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync("Hello"));
        ProviderError error = failure.Error;

        Assert.True(error.Transient);
        Assert.Equal(expected, error.Reason);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(status == 500 ? null : TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public async Task DirectClient_BadRequest_IsNotTransient()
    {
        using IChatClient client = new AnthropicMessagesChatClient(SharedHttp, new Uri(server.BaseUrl + "/nope"), "test-key", Model, TimeSpan.FromSeconds(30), TimeProvider.System);

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("Hello"));

        ProviderError error = ProviderFailures.Classify(failure);
        Assert.False(error.Transient);
        Assert.Equal(404, error.StatusCode);
    }

    /// <summary>Over the simulator's (and Anthropic's) 1024-token caching minimum, and new each time so no test reads another's cache.</summary>
    private static string LongSystemPrompt() =>
        $"You are test assistant {Guid.NewGuid():N}. " + string.Concat(Enumerable.Repeat("Answer briefly and cite the manual where you can. ", 100));

    private static ChatOptions CachedCalculatorOptions()
    {
        return new ModelCall { Tenant = "t", PromptCaching = true }.AttachTo(CalculatorOptions.Clone());
    }

    /// <summary>The bare client: the SDK's adapter, or the hand-written one.</summary>
    private IChatClient CreateClient(string kind) => kind == AnthropicOptions.DirectClient
        ? new AnthropicMessagesChatClient(SharedHttp, new Uri(server.BaseUrl), "test-key", Model, TimeSpan.FromSeconds(30), TimeProvider.System)
        : new AnthropicClient(new ClientOptions { ApiKey = "test-key", BaseUrl = server.BaseUrl, MaxRetries = 0 }).AsIChatClient(Model);

    /// <summary>The client as the factory builds it: the SDK wrapped in Agentry's adapter, or the hand-written one.</summary>
    private IChatClient CreateAgentryClient(string kind) => kind == AnthropicOptions.DirectClient
        ? CreateClient(kind)
        : new AnthropicAdapterChatClient(CreateClient(kind));

    private async Task<HttpResponseMessage> PostAsync(string json, string? apiKey)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/v1/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        HttpResponseMessage response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<long> ReadRequestCount(HttpClient http)
    {
        using JsonDocument stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(server.BaseUrl + "/stats")));
        return stats.RootElement.GetProperty("requests").GetInt64();
    }

    private static FunctionCallContent AssertCalculatorCall(ChatResponse response)
    {
        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(SimulatorEngine.CalculatorTool, call.Name);
        Assert.StartsWith("toolu_", call.CallId, StringComparison.Ordinal);
        Assert.NotNull(call.Arguments);
        Assert.Equal("17 * 23", call.Arguments["expression"]?.ToString());
        return call;
    }

    /// <summary>
    /// The simulator reports input 10, cache read 100, cache creation 3. The SDK's adapter folds both cache
    /// counts into InputTokenCount (Anthropic's total = input + cache read + cache creation), reports the cache
    /// read as CachedInputTokenCount, and the cache write under AdditionalCounts["CacheCreationInputTokens"].
    /// </summary>
    private static void AssertCacheUsage(UsageDetails? usage)
    {
        Assert.NotNull(usage);
        Assert.Equal(113, usage.InputTokenCount);
        Assert.Equal(100, usage.CachedInputTokenCount);
        Assert.NotNull(usage.AdditionalCounts);
        Assert.Equal(["CacheCreationInputTokens"], usage.AdditionalCounts.Keys);
        Assert.Equal(3, usage.AdditionalCounts["CacheCreationInputTokens"]);
        Assert.True(usage.OutputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }
}
