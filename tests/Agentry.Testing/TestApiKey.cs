using Agentry.Core.Security;

namespace Agentry.Testing;

/// <summary>A freshly generated client API key and the settings that configure it.</summary>
public sealed record TestApiKey(string Id, string Key, string Tenant)
{
    public static TestApiKey Create(string tenant) => FromGenerated(ApiKeyFormat.Generate(), tenant);

    /// <summary>Command-line settings for <see cref="AgentryServer"/>.</summary>
    public IEnumerable<string> Arguments(bool admin = false, string? agents = null, int requestsPerMinute = 0, int tokensPerMinute = 0)
    {
        foreach ((string name, string value) in Settings(admin, agents, requestsPerMinute, tokensPerMinute))
        {
            yield return $"--{name.Replace("__", ":", StringComparison.Ordinal)}={value}";
        }
    }

    /// <summary>Environment variables for <see cref="AgentryProcess"/>.</summary>
    public IEnumerable<(string Name, string Value)> Settings(bool admin = false, string? agents = null, int requestsPerMinute = 0, int tokensPerMinute = 0)
    {
        string prefix = $"Security__ApiKeys__{Id}__";
        yield return (prefix + "Tenant", Tenant);
        yield return (prefix + "Sha256", ApiKeyFormat.Hash(Key));
        yield return (prefix + "Admin", admin ? "true" : "false");
        if (agents is not null)
        {
            yield return (prefix + "Agents__0", agents);
        }

        if (requestsPerMinute > 0)
        {
            yield return (prefix + "RequestsPerMinute", requestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (tokensPerMinute > 0)
        {
            yield return (prefix + "TokensPerMinute", tokensPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        if (json is not null)
        {
            request.Content = JsonHttp.Body(json);
        }

        return request;
    }

    private static TestApiKey FromGenerated((string Id, string Key) generated, string tenant) => new(generated.Id, generated.Key, tenant);
}
