using System.Text.RegularExpressions;

namespace Agentry.Core.Moderation;

/// <summary>
/// The built-in detectors. Each finds spans of text; <see cref="Find"/> returns them in order without overlaps.
/// Card numbers must pass the Luhn check; phone numbers need 9 to 15 digits in a phone-like layout; secrets are the
/// shapes of common API keys, tokens and PEM private keys.
/// </summary>
public static partial class ModerationRules
{
    public const string Secrets = "secrets";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Card = "card";
    public const string Blocklist = "blocklist";
    public const string PromptInjection = "prompt_injection";

    public static IReadOnlyList<string> All { get; } = [Secrets, Email, Phone, Card, Blocklist, PromptInjection];

    public static IEnumerable<(int Start, int Length)> Find(string rule, string text, IReadOnlyList<string> blocklist)
    {
        ArgumentNullException.ThrowIfNull(text);
        return rule switch
        {
            Secrets => Matches(SecretPattern(), text),
            Email => Matches(EmailPattern(), text),
            Phone => Matches(PhonePattern(), text).Where(m => DigitCount(text.AsSpan(m.Start, m.Length)) is >= 9 and <= 15),
            Card => Matches(CardPattern(), text).Where(m => IsLuhnValid(text.AsSpan(m.Start, m.Length))),
            Blocklist => FindTerms(text, blocklist),
            PromptInjection => Matches(InjectionPattern(), text),
            _ => [],
        };
    }

    /// <summary>The Luhn checksum over the digits of <paramref name="candidate"/> (13 to 19 of them), ignoring spaces and dashes.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> candidate)
    {
        int sum = 0;
        int digits = 0;
        bool twice = false;
        for (int i = candidate.Length - 1; i >= 0; i--)
        {
            char c = candidate[i];
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            int d = c - '0';
            if (twice)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            twice = !twice;
            digits++;
        }

        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }

    private static int DigitCount(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (char c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    private static List<(int Start, int Length)> Matches(Regex pattern, string text)
    {
        var spans = new List<(int, int)>();
        foreach (ValueMatch match in pattern.EnumerateMatches(text))
        {
            spans.Add((match.Index, match.Length));
        }

        return spans;
    }

    private static IEnumerable<(int Start, int Length)> FindTerms(string text, IReadOnlyList<string> terms)
    {
        foreach (string term in terms)
        {
            if (string.IsNullOrWhiteSpace(term))
            {
                continue;
            }

            int at = 0;
            while ((at = text.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                bool startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
                bool endsWord = at + term.Length == text.Length || !char.IsLetterOrDigit(text[at + term.Length]);
                if (startsWord && endsWord)
                {
                    yield return (at, term.Length);
                }

                at += term.Length;
            }
        }
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z]+ )*PRIVATE KEY-----|[\s\S]*)"
        + @"|\bsk-ant-[A-Za-z0-9_\-]{20,}|\bsk-(?:proj-)?[A-Za-z0-9_\-]{32,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{36,}"
        + @"|\bxox[baprs]-[A-Za-z0-9\-]{10,}|\bagk_[a-z0-9]{12}_[A-Za-z0-9_\-]{43}|\bAIza[0-9A-Za-z_\-]{35}"
        + @"|\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"(?<![\w.%+\-])[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w+\-.])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}[ .\-]\d{3,4}(?:[ .\-]?\d{3,4})?(?![\w\-.]\d)|(?<![\w+])\+\d{9,15}\b",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d\-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:previous|prior|above|earlier|preceding|system)\s+(?:instructions|prompts?|rules|directions|guidelines)"
        + @"|\b(?:reveal|print|show|repeat|output|leak)\s+(?:me\s+)?(?:your|the)\s+(?:system\s+prompt|hidden\s+(?:instructions|prompt)|initial\s+instructions)"
        + @"|\byou\s+are\s+now\s+(?:in\s+)?(?:DAN|developer\s+mode|jailbroken|an?\s+unrestricted)"
        + @"|<\|im_start\|>|\[/?INST\]|</?system>|\bnew\s+system\s+prompt\s*:",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex InjectionPattern();
}
