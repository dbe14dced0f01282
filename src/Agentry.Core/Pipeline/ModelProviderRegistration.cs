namespace Agentry.Core.Pipeline;

/// <summary>
/// A registered provider's name, and its place in <c>auto</c>'s order (lower first; null: never chosen by
/// <c>auto</c>).
/// </summary>
public sealed record ModelProviderRegistration(string Name, int? AutoPreference);
