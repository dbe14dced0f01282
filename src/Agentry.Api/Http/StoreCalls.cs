using Agentry.Core.Stores;

namespace Agentry.Api.Http;

/// <summary>Runs an endpoint's store work; a store that cannot answer becomes a 503 with Retry-After.</summary>
internal static class StoreCalls
{
    public static async Task<IResult> OrUnavailableAsync(HttpContext context, string storage, Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            context.Response.Headers.RetryAfter = "5";
            return Problems.ServiceUnavailable($"{storage} is unavailable; retry shortly.");
        }
    }
}
