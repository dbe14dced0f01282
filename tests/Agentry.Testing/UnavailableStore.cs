using System.Reflection;
using Agentry.Core.Stores;

namespace Agentry.Testing;

/// <summary>
/// A store of any interface whose every call fails as a store that is down fails: a faulted task of
/// <see cref="StoreUnavailableException"/>. Fault injection for the HTTP rules, not a stand-in for a store.
/// </summary>
public class UnavailableStore : DispatchProxy
{
    private static readonly MethodInfo FromException = typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod);

    public static T Of<T>()
        where T : class => Create<T, UnavailableStore>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var down = new StoreUnavailableException("The store is down (injected).");
        Type returns = targetMethod.ReturnType;
        if (returns == typeof(Task))
        {
            return Task.FromException(down);
        }

        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return FromException.MakeGenericMethod(returns.GetGenericArguments()[0]).Invoke(null, [down]);
        }

        throw down;
    }
}
