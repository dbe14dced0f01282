using System.Runtime.CompilerServices;
using Agentry.Core.Resilience;
using Microsoft.Extensions.AI;

namespace Agentry.Providers;

/// <summary>An SDK's stream with its failures reported as <see cref="ProviderException"/>, for the provider adapters.</summary>
internal static class ProviderStreams
{
    /// <summary>
    /// Yields <paramref name="updates"/>; a failure that <paramref name="translate"/> knows (it returns null for the
    /// others) is thrown as the <see cref="ProviderException"/> it makes. <paramref name="observe"/> sees each update first.
    /// </summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> TranslateFailures(
        IAsyncEnumerable<ChatResponseUpdate> updates, Func<Exception, ProviderException?> translate, Action<ChatResponseUpdate>? observe = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ChatResponseUpdate> stream = updates.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (translate(ex) is { } failure)
                {
                    throw failure;
                }

                observe?.Invoke(stream.Current);
                yield return stream.Current;
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
