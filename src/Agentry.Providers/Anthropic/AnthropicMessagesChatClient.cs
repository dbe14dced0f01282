using System.Buffers;
using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// A hand-written Anthropic Messages API client (<c>Providers:Anthropic:Client=direct</c>): the request written with
/// <see cref="Utf8JsonWriter"/> (<see cref="AnthropicMessagesRequest"/>), the answer read with <see cref="JsonDocument"/>,
/// the event stream with <see cref="SseParser"/>. It answers in the shape of the SDK path (SDK adapter plus
/// <see cref="AnthropicAdapterChatClient"/>): the same usage mapping, finish reasons and streamed updates. A failed
/// status is a <see cref="ProviderException"/> carrying the status and the answer's <c>retry-after</c>, as the SDK
/// adapter reports the SDK's.
/// </summary>
internal sealed class AnthropicMessagesChatClient(HttpClient http, Uri baseUrl, string apiKey, string model, TimeSpan timeout, TimeProvider time) : IChatClient
{
    private readonly Uri _endpoint = new(baseUrl.ToString().TrimEnd('/') + "/v1/messages");
    private readonly ChatClientMetadata _metadata = new("anthropic", baseUrl, model);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using HttpResponseMessage response = await SendAsync(messages, options, stream: false, timeoutSource.Token).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(timeoutSource.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using JsonDocument document = await JsonDocument.ParseAsync(body, default, timeoutSource.Token).ConfigureAwait(false);
                return ToResponse(document.RootElement);
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The Anthropic call did not finish within {timeout}.");
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        HttpResponseMessage response;
        using (var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // The limit covers the wait for the answer's headers; a long stream is not cut short.
            timeoutSource.CancelAfter(timeout);
            try
            {
                response = await SendAsync(messages, options, stream: true, timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The Anthropic call did not answer within {timeout}.");
            }
        }

        using (response)
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var state = new StreamState(ModelCall.Of(options));
                SseParser<byte[]> parser = SseParser.Create(body, static (_, data) => data.ToArray());
                await foreach (SseItem<byte[]> item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (item.Data.Length == 0)
                    {
                        continue;
                    }

                    ChatResponseUpdate? update = state.Read(item.Data);
                    if (update is not null)
                    {
                        yield return update;
                    }
                }
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The HttpClient belongs to ProviderHttp, shared by every agent of the provider.
    }

    private async Task<HttpResponseMessage> SendAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        AnthropicMessagesRequest.Write(buffer, model, messages, options, stream);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ReadOnlyMemoryContent(buffer.WrittenMemory) };
        request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ProviderException(
                $"Anthropic answered {(int)response.StatusCode}: {(detail.Length > 500 ? detail[..500] : detail)}",
                ProviderFailures.FromStatus((int)response.StatusCode, RetryAfterCaptureHandler.Parse(response, time.GetUtcNow())));
        }
    }

    private static ChatResponse ToResponse(JsonElement root)
    {
        var contents = new List<AIContent>();
        if (root.TryGetProperty("content"u8, out JsonElement blocks))
        {
            foreach (JsonElement block in blocks.EnumerateArray())
            {
                string? type = block.GetProperty("type"u8).GetString();
                if (type == "text")
                {
                    contents.Add(new TextContent(block.GetProperty("text"u8).GetString()));
                }
                else if (type == "tool_use")
                {
                    contents.Add(new FunctionCallContent(
                        block.GetProperty("id"u8).GetString()!, block.GetProperty("name"u8).GetString()!, Arguments(block.GetProperty("input"u8))));
                }
            }
        }

        string? id = root.TryGetProperty("id"u8, out JsonElement idElement) ? idElement.GetString() : null;
        string? modelId = root.TryGetProperty("model"u8, out JsonElement modelElement) ? modelElement.GetString() : null;
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = id })
        {
            ResponseId = id,
            ModelId = modelId,
            FinishReason = root.TryGetProperty("stop_reason"u8, out JsonElement stop) ? FinishReason(stop.GetString()) : null,
            Usage = root.TryGetProperty("usage"u8, out JsonElement usage) ? new TokenCounts().Add(usage).ToUsageDetails() : null,
        };
    }

    private static Dictionary<string, object?> Arguments(JsonElement input)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in input.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
        }

        return arguments;
    }

    private static ChatFinishReason? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => ChatFinishReason.Stop,
        "tool_use" => ChatFinishReason.ToolCalls,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "refusal" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(stopReason),
    };

    /// <summary>Anthropic's usage report, read field by field (message_delta repeats only what changed).</summary>
    private sealed class TokenCounts
    {
        public long Input { get; private set; }

        public long Output { get; private set; }

        public long CacheRead { get; private set; }

        public long CacheWrite { get; private set; }

        public TokenCounts Add(JsonElement usage)
        {
            foreach (JsonProperty field in usage.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.Number)
                {
                    continue;
                }

                long value = field.Value.GetInt64();
                if (field.NameEquals("input_tokens"u8))
                {
                    Input = value;
                }
                else if (field.NameEquals("output_tokens"u8))
                {
                    Output = value;
                }
                else if (field.NameEquals("cache_read_input_tokens"u8))
                {
                    CacheRead = value;
                }
                else if (field.NameEquals("cache_creation_input_tokens"u8))
                {
                    CacheWrite = value;
                }
            }

            return this;
        }

        public UsageDetails ToUsageDetails() => AnthropicUsage.ToUsageDetails(Input, Output, CacheRead, CacheWrite);
    }

    /// <summary>Turns the stream's events into updates: text as it comes, a tool call when its block closes, usage at the end.</summary>
    private sealed class StreamState(ModelCall? call)
    {
        private readonly TokenCounts _usage = new();
        private readonly ArrayBufferWriter<byte> _toolInput = new(256);
        private string? _id;
        private string? _model;
        private string? _toolId;
        private string? _toolName;

        public ChatResponseUpdate? Read(byte[] data)
        {
            using JsonDocument document = JsonDocument.Parse(data);
            JsonElement root = document.RootElement;
            JsonElement typeElement = root.GetProperty("type"u8);
            if (typeElement.ValueEquals("content_block_delta"u8))
            {
                JsonElement delta = root.GetProperty("delta"u8);
                JsonElement deltaType = delta.GetProperty("type"u8);
                if (deltaType.ValueEquals("text_delta"u8))
                {
                    return Update([new TextContent(delta.GetProperty("text"u8).GetString())]);
                }

                if (deltaType.ValueEquals("input_json_delta"u8))
                {
                    System.Text.EncodingExtensions.GetBytes(System.Text.Encoding.UTF8, delta.GetProperty("partial_json"u8).GetString().AsSpan(), _toolInput);
                }

                return null;
            }

            if (typeElement.ValueEquals("content_block_start"u8))
            {
                JsonElement block = root.GetProperty("content_block"u8);
                if (block.GetProperty("type"u8).ValueEquals("tool_use"u8))
                {
                    _toolId = block.GetProperty("id"u8).GetString();
                    _toolName = block.GetProperty("name"u8).GetString();
                    _toolInput.ResetWrittenCount();
                }

                return null;
            }

            if (typeElement.ValueEquals("content_block_stop"u8))
            {
                if (_toolId is null)
                {
                    return null;
                }

                Dictionary<string, object?> arguments;
                if (_toolInput.WrittenCount == 0)
                {
                    arguments = new(StringComparer.Ordinal);
                }
                else
                {
                    using JsonDocument input = JsonDocument.Parse(_toolInput.WrittenMemory);
                    arguments = Arguments(input.RootElement);
                }

                var call = new FunctionCallContent(_toolId, _toolName!, arguments);
                _toolId = null;
                _toolName = null;
                return Update([call]);
            }

            if (typeElement.ValueEquals("message_start"u8))
            {
                JsonElement message = root.GetProperty("message"u8);
                _id = message.TryGetProperty("id"u8, out JsonElement id) ? id.GetString() : null;
                _model = message.TryGetProperty("model"u8, out JsonElement model) ? model.GetString() : null;
                if (message.TryGetProperty("usage"u8, out JsonElement usage))
                {
                    UsageDetails soFar = _usage.Add(usage).ToUsageDetails();
                    if (call is not null)
                    {
                        call.UsageSoFar = soFar;
                    }
                }

                return Update([]);
            }

            if (typeElement.ValueEquals("message_delta"u8))
            {
                if (root.TryGetProperty("usage"u8, out JsonElement usage))
                {
                    _usage.Add(usage);
                }

                ChatResponseUpdate end = Update([new UsageContent(_usage.ToUsageDetails())]);
                if (root.TryGetProperty("delta"u8, out JsonElement delta) && delta.TryGetProperty("stop_reason"u8, out JsonElement stop))
                {
                    end.FinishReason = FinishReason(stop.GetString());
                }

                return end;
            }

            if (typeElement.ValueEquals("error"u8))
            {
                string? message = root.TryGetProperty("error"u8, out JsonElement error) && error.TryGetProperty("message"u8, out JsonElement text) ? text.GetString() : null;
                bool overloaded = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type"u8, out JsonElement kind) && kind.ValueEquals("overloaded_error"u8);
                throw new ProviderException($"Anthropic's stream ended with an error: {message}",
                    new ProviderError(true, overloaded ? "overloaded" : "server_error", null, null));
            }

            return null;
        }

        private ChatResponseUpdate Update(IList<AIContent> contents) => new(ChatRole.Assistant, contents)
        {
            ResponseId = _id,
            MessageId = _id,
            ModelId = _model,
        };
    }
}
