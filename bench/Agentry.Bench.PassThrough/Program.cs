using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Agentry.Bench.PassThrough;

// Environment: ASPNETCORE_URLS (the API and "management" addresses), Upstream (the simulator's base URL).
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
string upstream = builder.Configuration["Upstream"] ?? throw new InvalidOperationException("Set Upstream to the simulator's base URL.");
var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(upstream),
};
http.DefaultRequestHeaders.Add("x-api-key", "sk-ant-bench");
http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
var json = new MediaTypeHeaderValue("application/json");

WebApplication app = builder.Build();
app.MapGet("/health/ready", () => "ok");

// The allocation counter the harness reads from the service's /metrics, in the same text format.
app.MapGet("/metrics", () => string.Create(CultureInfo.InvariantCulture, $"dotnet_gc_heap_total_allocated_bytes_total{{}} {GC.GetTotalAllocatedBytes()}\n"));

app.MapPost("/v1/agents/{agent}/runs", async (string agent, HttpContext context) =>
{
    RunBody? body = await context.Request.ReadFromJsonAsync(PassThroughJsonContext.Default.RunBody, context.RequestAborted);
    if (body?.Input is not { Length: > 0 } input)
    {
        return Results.BadRequest();
    }

    using var content = new ByteArrayContent(AnthropicRequest.Build(input)) { Headers = { ContentType = json } };
    using HttpResponseMessage response = await http.PostAsync("/v1/messages", content, context.RequestAborted);
    await using Stream stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
    using JsonDocument message = await JsonDocument.ParseAsync(stream, default, context.RequestAborted);
    JsonElement root = message.RootElement;
    string output = root.GetProperty("content")[0].GetProperty("text").GetString() ?? "";
    JsonElement usage = root.GetProperty("usage");
    return Results.Json(
        new RunAnswer(output, root.GetProperty("stop_reason").GetString() ?? "", usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64()),
        PassThroughJsonContext.Default.RunAnswer);
});

await app.RunAsync();
