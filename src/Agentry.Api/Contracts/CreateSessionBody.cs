namespace Agentry.Api.Contracts;

/// <summary>Body of <c>POST /v1/sessions</c>.</summary>
public sealed class CreateSessionBody
{
    public string? Agent { get; set; }
}
