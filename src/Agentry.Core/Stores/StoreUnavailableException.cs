namespace Agentry.Core.Stores;

/// <summary>A store (sessions, idempotency, budgets) cannot serve now; the caller should retry later (503 with Retry-After).</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
