namespace Agentry.Core.Security;

/// <summary>Keys made through the admin API, shared by every replica when Redis is configured.</summary>
public interface IApiKeyStore
{
    Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken);

    Task CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes the key; false when there was none.</summary>
    Task<bool> RevokeAsync(string id, CancellationToken cancellationToken);
}
