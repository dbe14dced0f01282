using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agentry.Bench.Micro;
using Agentry.Tools.BuiltIn;
using Anthropic;
using Microsoft.Extensions.AI;

// Usage: dotnet bench/Agentry.Bench.Micro/bin/Release/net10.0/Agentry.Bench.Micro.dll [calls]
// One model call of the single-turn scenario, measured in process, sequentially, against a canned answer:
// CPU microseconds and managed bytes per call.
int calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;

using var http = new HttpClient(new CannedAnswerHandler()) { BaseAddress = new Uri("http://127.0.0.1:1") };
var anthropic = new AnthropicClient(new Anthropic.Core.ClientOptions { ApiKey = "sk-ant-bench", BaseUrl = "http://127.0.0.1:1", MaxRetries = 0, HttpClient = http });
IChatClient sdk = anthropic.AsIChatClient("claude-sonnet-4-5");
using var direct = new Agentry.Providers.Anthropic.AnthropicMessagesChatClient(http, new Uri("http://127.0.0.1:1"), "sk-ant-bench", "claude-sonnet-4-5", TimeSpan.FromSeconds(120), TimeProvider.System);
List<AITool> tools = [new CalculatorTool(), new CurrentTimeTool(TimeProvider.System)];
ChatMessage system = new(ChatRole.System, "You are a concise, helpful assistant. Use the calculator for any arithmetic and the current_time tool for dates and times; never guess them.");

ChatOptions Options(bool withTools) => new()
{
    ModelId = "claude-sonnet-4-5",
    MaxOutputTokens = 1024,
    Tools = withTools ? [.. tools] : null,
    ToolMode = withTools ? ChatToolMode.Auto : null,
};

for (int round = 1; round <= 2; round++)
{
    Console.WriteLine($"round {round}");
    await MeasureAsync("raw HttpClient + Utf8JsonWriter + JsonDocument (the floor)", async () =>
    {
        using var content = new ByteArrayContent(Agentry.Bench.PassThrough.AnthropicRequest.Build("Hello there"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using HttpResponseMessage response = await http.PostAsync("/v1/messages", content).ConfigureAwait(false);
        await using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using JsonDocument message = await JsonDocument.ParseAsync(stream).ConfigureAwait(false);
        _ = message.RootElement.GetProperty("content")[0].GetProperty("text").GetString();
    });
    await MeasureAsync("Anthropic SDK IChatClient, no tools", async () =>
    {
        ChatResponse response = await sdk.GetResponseAsync([system, new ChatMessage(ChatRole.User, "Hello there")], Options(withTools: false)).ConfigureAwait(false);
        _ = response.Text;
    });
    await MeasureAsync("Anthropic SDK IChatClient, the agent's two tools (the service's call)", async () =>
    {
        ChatResponse response = await sdk.GetResponseAsync([system, new ChatMessage(ChatRole.User, "Hello there")], Options(withTools: true)).ConfigureAwait(false);
        _ = response.Text;
    });
    await MeasureAsync("direct Messages client (Client=direct), the agent's two tools", async () =>
    {
        ChatResponse response = await direct.GetResponseAsync([system, new ChatMessage(ChatRole.User, "Hello there")], Options(withTools: true)).ConfigureAwait(false);
        _ = response.Text;
    });
    await MeasureAsync("raw HttpClient, the event stream read line by line (the floor)", async () =>
    {
        using var content = new ByteArrayContent(Agentry.Bench.PassThrough.AnthropicRequest.Build("Hello there", stream: true));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using HttpResponseMessage response = await http.PostAsync("/v1/messages", content).ConfigureAwait(false);
        await using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using JsonDocument data = JsonDocument.Parse(line.AsMemory(6));
            }
        }
    });
    await MeasureAsync("Anthropic SDK IChatClient streaming, two tools, 22 text deltas", async () =>
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in sdk.GetStreamingResponseAsync([system, new ChatMessage(ChatRole.User, "Hello there")], Options(withTools: true)).ConfigureAwait(false))
        {
            updates += update.Text.Length > 0 ? 1 : 0;
        }
    });
    await MeasureAsync("direct Messages client streaming, two tools, 22 text deltas", async () =>
    {
        int updates = 0;
        await foreach (ChatResponseUpdate update in direct.GetStreamingResponseAsync([system, new ChatMessage(ChatRole.User, "Hello there")], Options(withTools: true)).ConfigureAwait(false))
        {
            updates += update.Text.Length > 0 ? 1 : 0;
        }
    });
}

return 0;

async Task MeasureAsync(string name, Func<Task> call)
{
    for (int i = 0; i < Math.Max(2_000, calls / 5); i++)
    {
        await call().ConfigureAwait(false);
    }

    using Process self = Process.GetCurrentProcess();
    GC.Collect();
    long bytes = GC.GetTotalAllocatedBytes(precise: true);
    self.Refresh();
    TimeSpan cpu = self.TotalProcessorTime;
    long started = Stopwatch.GetTimestamp();
    for (int i = 0; i < calls; i++)
    {
        await call().ConfigureAwait(false);
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
    self.Refresh();
    double cpuMicros = (self.TotalProcessorTime - cpu).TotalMicroseconds / calls;
    double allocated = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)calls;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-72} {cpuMicros,8:F1} us CPU/call {elapsed.TotalMicroseconds / calls,8:F1} us wall/call {allocated / 1024,8:F1} KiB/call"));
}
