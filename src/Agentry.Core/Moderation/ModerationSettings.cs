namespace Agentry.Core.Moderation;

/// <summary>
/// An agent's moderation (<c>Agents:{name}:Moderation</c>): the rules applied to what goes to the model (user input and
/// tool results) and to what comes back, each with its action, and the agent's blocklist terms.
/// </summary>
public sealed class ModerationSettings
{
    public IList<ModerationRuleSetting> Input { get; } = [];

    public IList<ModerationRuleSetting> Output { get; } = [];

    /// <summary>Terms for the <c>blocklist</c> rule, matched as whole words, case-insensitively.</summary>
    public IList<string> Blocklist { get; } = [];

    public bool IsEmpty => Input.Count == 0 && Output.Count == 0;
}

/// <summary>One rule and what to do when it matches.</summary>
public sealed class ModerationRuleSetting
{
    /// <summary><c>secrets</c>, <c>email</c>, <c>phone</c>, <c>card</c>, <c>blocklist</c> or <c>prompt_injection</c>.</summary>
    public string Rule { get; set; } = "";

    /// <summary><c>block</c> (refuse with 422), <c>redact</c> (replace the match) or <c>flag</c> (count and log only).</summary>
    public string Action { get; set; } = ModerationActions.Flag;
}

public static class ModerationActions
{
    public const string Block = "block";
    public const string Redact = "redact";
    public const string Flag = "flag";

    public static bool IsKnown(string action) => action is Block or Redact or Flag;
}

public static class ModerationStages
{
    public const string Input = "input";
    public const string Output = "output";
}
