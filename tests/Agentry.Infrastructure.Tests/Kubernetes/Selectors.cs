using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

internal static class Selectors
{
    /// <summary>matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist) against a label set.</summary>
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        bool labelsMatch = selector.MatchLabels?.All(pair => labels.TryGetValue(pair.Key, out string? value) && value == pair.Value) ?? true;
        bool expressionsMatch = selector.MatchExpressions?.All(expression => expression.OperatorProperty switch
        {
            "In" => labels.TryGetValue(expression.Key, out string? v) && expression.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(expression.Key, out string? v) || !expression.Values.Contains(v),
            "Exists" => labels.ContainsKey(expression.Key),
            "DoesNotExist" => !labels.ContainsKey(expression.Key),
            _ => false,
        }) ?? true;
        return labelsMatch && expressionsMatch;
    }

    /// <summary>A Service selector is a plain label map.</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(pair => labels.TryGetValue(pair.Key, out string? value) && value == pair.Value);

    public static IEnumerable<string> Keys(V1LabelSelector? selector) =>
        (selector?.MatchLabels?.Keys ?? Enumerable.Empty<string>())
            .Concat(selector?.MatchExpressions?.Select(e => e.Key) ?? []);
}
