using Agentry.Core.Pipeline;
using System.Buffers;
using System.Net;
using System.Text.Json;
using Agentry.Core.Costs;
using Agentry.Core.Resilience;
using Agentry.Providers.Anthropic;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Tests.Anthropic;

/// <summary>The direct client's request body, read back as JSON, and how its failures are classified.</summary>
public sealed class AnthropicMessagesRequestTests
{
    private static readonly AITool[] Tools =
    [
        AIFunctionFactory.Create((string expression) => "391", "calculator", "Evaluates arithmetic."),
        AIFunctionFactory.Create(() => "now", "current_time"),
    ];

    [Fact]
    public void Write_WithPromptCache_MarksTheLastSystemBlockAndTheLastTool()
    {
        ChatOptions options = new ModelCall { Tenant = "t", PromptCaching = true }.AttachTo(new ChatOptions { Tools = [.. Tools] });

        using JsonDocument body = Write([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], options);

        JsonElement system = body.RootElement.GetProperty("system");
        Assert.Equal("ephemeral", system[0].GetProperty("cache_control").GetProperty("type").GetString());
        JsonElement tools = body.RootElement.GetProperty("tools");
        Assert.Equal(2, tools.GetArrayLength());
        Assert.False(tools[0].TryGetProperty("cache_control", out _));
        Assert.Equal("ephemeral", tools[1].GetProperty("cache_control").GetProperty("type").GetString());
        Assert.Equal("object", tools[0].GetProperty("input_schema").GetProperty("type").GetString());
        Assert.False(body.RootElement.TryGetProperty("stream", out _));
    }

    [Fact]
    public void Write_WithoutPromptCache_SameToolList_SendsNoCacheControl()
    {
        ChatOptions cached = new ModelCall { Tenant = "t", PromptCaching = true }.AttachTo(new ChatOptions { Tools = [.. Tools] });
        var plain = new ChatOptions { Tools = [.. Tools] };

        using JsonDocument first = Write([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], cached);
        using JsonDocument second = Write([new(ChatRole.System, "Be brief."), new(ChatRole.User, "Hi")], plain);

        Assert.DoesNotContain("cache_control", second.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(first.RootElement.GetProperty("tools")[0].GetRawText(), second.RootElement.GetProperty("tools")[0].GetRawText());
    }

    [Fact]
    public void Write_ToolLoop_ToolModeAndOptions()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "What is 17 * 23?"),
            new(ChatRole.Assistant, [new FunctionCallContent("toolu_1", "calculator", new Dictionary<string, object?> { ["expression"] = "17 * 23" })]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_1", 391)]),
        ];
        var options = new ChatOptions
        {
            Tools = [.. Tools],
            ToolMode = ChatToolMode.RequireSpecific("calculator"),
            MaxOutputTokens = 50,
            Temperature = 0.5f,
            Instructions = "Use the calculator.",
        };

        using JsonDocument body = Write(messages, options, stream: true);

        JsonElement root = body.RootElement;
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.Equal(50, root.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.5, root.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal("Use the calculator.", root.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal("calculator", root.GetProperty("tool_choice").GetProperty("name").GetString());
        JsonElement call = root.GetProperty("messages")[1].GetProperty("content")[0];
        Assert.Equal("tool_use", call.GetProperty("type").GetString());
        Assert.Equal("17 * 23", call.GetProperty("input").GetProperty("expression").GetString());
        JsonElement result = root.GetProperty("messages")[2];
        Assert.Equal("user", result.GetProperty("role").GetString());
        Assert.Equal("391", result.GetProperty("content")[0].GetProperty("content").GetString());
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true, "rate_limited")]
    [InlineData((HttpStatusCode)529, true, "overloaded")]
    [InlineData(HttpStatusCode.InternalServerError, true, "server_error")]
    [InlineData(HttpStatusCode.BadRequest, false, "client_error")]
    public void Classifier_ReadsTheStatusOfAnHttpFailure(HttpStatusCode status, bool transient, string reason)
    {
        ProviderError error = ProviderFailures.Classify(new HttpRequestException("failed", null, status));

        Assert.Equal((transient, reason, (int?)status), (error.Transient, error.Reason, error.StatusCode));
    }

    [Fact]
    public void Classifier_AnHttpFailureWithoutStatus_IsAConnectionFailure()
    {
        ProviderError error = ProviderFailures.Classify(new HttpRequestException("reset"));

        Assert.Equal((true, "connection"), (error.Transient, error.Reason));
    }

    private static JsonDocument Write(ChatMessage[] messages, ChatOptions options, bool stream = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicMessagesRequest.Write(buffer, "claude-sonnet-4-5", messages, options, stream);
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
