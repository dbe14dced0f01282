using System.Text;

namespace Agentry.Core.Moderation;

/// <summary>A rule that matched, with what was done about it. Never the matched text.</summary>
public sealed record ModerationFinding(string Rule, string Action);

/// <summary>The moderated text (redactions applied), the findings, and the first blocking rule if any.</summary>
public sealed record ModerationResult(string Text, IReadOnlyList<ModerationFinding> Findings, string? BlockedBy)
{
    public bool Changed { get; init; }
}

/// <summary>Applies a list of rules to a text: block wins, then redactions replace each match with <c>[REDACTED:rule]</c>.</summary>
public static class ContentModerator
{
    public static ModerationResult Apply(string text, IEnumerable<ModerationRuleSetting> rules, IReadOnlyList<string> blocklist)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        var findings = new List<ModerationFinding>();
        var redactions = new List<(int Start, int Length, string Rule)>();
        string? blockedBy = null;
        foreach (ModerationRuleSetting rule in rules)
        {
            var spans = ModerationRules.Find(rule.Rule, text, blocklist).ToList();
            if (spans.Count == 0)
            {
                continue;
            }

            findings.Add(new ModerationFinding(rule.Rule, rule.Action));
            if (rule.Action == ModerationActions.Block)
            {
                blockedBy ??= rule.Rule;
            }
            else if (rule.Action == ModerationActions.Redact)
            {
                redactions.AddRange(spans.Select(s => (s.Start, s.Length, rule.Rule)));
            }
        }

        if (blockedBy is not null || redactions.Count == 0)
        {
            return new ModerationResult(text, findings, blockedBy);
        }

        var redacted = new StringBuilder(text.Length);
        int at = 0;
        foreach ((int start, int length, string rule) in redactions.OrderBy(r => r.Start).ThenByDescending(r => r.Length))
        {
            if (start < at)
            {
                // Overlaps the previous redaction: the overlap's tail goes too, so nothing of either match is left.
                at = Math.Max(at, start + length);
                continue;
            }

            redacted.Append(text, at, start - at).Append("[REDACTED:").Append(rule).Append(']');
            at = start + length;
        }

        redacted.Append(text, at, text.Length - at);
        return new ModerationResult(redacted.ToString(), findings, null) { Changed = true };
    }
}

/// <summary>Thrown by the moderation decorator when a block rule matched; the run ends and the API answers 422.</summary>
public sealed class ModerationBlockedException(string stage, string rule)
    : Exception($"Blocked by the moderation rule '{rule}' on the {stage}.")
{
    public string Stage => stage;

    public string Rule => rule;
}
