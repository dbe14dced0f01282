using System.ClientModel;
using System.ClientModel.Primitives;
using Agentry.Core.Pipeline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Agentry.Providers.OpenAi;

/// <summary>Any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp) through Microsoft.Extensions.AI.OpenAI; the SDK's retries off.</summary>
internal sealed class OpenAiModelProvider : IModelProvider
{
    private readonly OpenAiOptions _options;
    private readonly ProviderHttp _http;
    private readonly Lazy<string?> _key;

    public OpenAiModelProvider(IOptions<OpenAiOptions> options, ProviderHttp http)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = http;
        _key = new(() => SecretSource.Resolve(_options.ApiKey, _options.ApiKeyFile, "OPENAI_API_KEY"));
    }

    /// <summary>Local servers (Ollama, llama.cpp) need no key, so an OpenAI-compatible provider can always be tried.</summary>
    public bool IsConfigured => true;

    public IChatClient CreateClient(string model)
    {
        string? baseUrl = _options.BaseUrl?.ToString() ?? Environment.GetEnvironmentVariable("OPENAI_BASE_URL");
        var options = new OpenAIClientOptions
        {
            NetworkTimeout = _options.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http.Client),
        };
        if (!string.IsNullOrWhiteSpace(baseUrl))
        {
            options.Endpoint = new Uri(baseUrl);
        }

        return new OpenAiAdapterChatClient(new OpenAIClient(new ApiKeyCredential(_key.Value ?? "unused"), options).GetChatClient(model).AsIChatClient());
    }
}
