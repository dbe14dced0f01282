namespace Agentry.Api.Contracts;

/// <summary>One stored message: its role and its parts.</summary>
public sealed record SessionMessageResponse(string Role, IReadOnlyList<SessionContentResponse> Content);
