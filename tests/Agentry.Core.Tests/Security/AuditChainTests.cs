using Agentry.Core.Audit;

namespace Agentry.Core.Tests.Security;

public sealed class AuditChainTests
{
    private static List<AuditEvent> Chain(string instance, int count)
    {
        var chain = new AuditChain(instance);
        return Enumerable.Range(1, count).Select(i => chain.Append(new AuditEvent
        {
            Type = i % 2 == 0 ? AuditEventTypes.Run : AuditEventTypes.ToolCall,
            Time = new DateTimeOffset(2026, 11, 28, 12, 0, i, TimeSpan.Zero),
            Tenant = "acme",
            KeyId = "abcdefabcdef",
            Tokens = 100 + i,
            CostUsd = 0.000123m * i,
            Outcome = "completed",
        })).ToList();
    }

    [Fact]
    public void IntactChains_OfSeveralInstancesInterleaved_Verify()
    {
        List<AuditEvent> a = Chain("a", 20);
        List<AuditEvent> b = Chain("b", 20);
        var interleaved = a.Zip(b).SelectMany(p => new[] { p.First, p.Second }).ToList();

        AuditVerification result = AuditChain.Verify(interleaved);

        Assert.True(result.Valid, result.Problem);
        Assert.Equal(40, result.Events);
        Assert.Equal(2, result.Instances);
        Assert.Equal(AuditChain.Genesis, a[0].Prev);
        Assert.Equal(a[0].Hash, a[1].Prev);
    }

    [Theory]
    [InlineData("tokens")]
    [InlineData("outcome")]
    [InlineData("cost")]
    [InlineData("prev")]
    public void OneAlteredEvent_BreaksTheChain(string field)
    {
        List<AuditEvent> events = Chain("a", 10);
        events[5] = field switch
        {
            "tokens" => events[5] with { Tokens = 1 },
            "outcome" => events[5] with { Outcome = "error" },
            "cost" => events[5] with { CostUsd = 0m },
            _ => events[5] with { Prev = events[3].Hash },
        };

        AuditVerification result = AuditChain.Verify(events);

        Assert.False(result.Valid);
        Assert.Contains("a#6", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AlteredEventWithRecomputedHash_BreaksAtTheNextEvent()
    {
        List<AuditEvent> events = Chain("a", 10);
        AuditEvent forged = events[5] with { Outcome = "error", Hash = null };
        events[5] = forged with { Hash = AuditChain.HashOf(forged) };

        AuditVerification result = AuditChain.Verify(events);

        Assert.False(result.Valid);
        Assert.Contains("a#7", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AppendWithJson_WritesExactlyTheEventsSerialisation()
    {
        var chain = new AuditChain("a");
        (AuditEvent chained, byte[] utf8) = chain.AppendWithJson(new AuditEvent { Type = AuditEventTypes.Run, Tenant = "acme", CostUsd = 0.0012m, Detail = "quote \" and \\ and é" });

        string json = System.Text.Encoding.UTF8.GetString(utf8);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(chained, AuditJsonContext.Default.AuditEvent), json);
        Assert.Equal(chained, System.Text.Json.JsonSerializer.Deserialize(json, AuditJsonContext.Default.AuditEvent));
        Assert.True(AuditChain.Verify([chained]).Valid);
    }

    [Fact]
    public void EventWithMetadata_ReadBackFromItsJson_Verifies_AndAnAlteredTagBreaksIt()
    {
        var chain = new AuditChain("a");
        (_, byte[] utf8) = chain.AppendWithJson(new AuditEvent
        {
            Type = AuditEventTypes.Run,
            Metadata = new Dictionary<string, string> { ["customer"] = "c-42", ["ticket"] = "T-<7> é" },
        });
        string json = System.Text.Encoding.UTF8.GetString(utf8);

        AuditEvent read = System.Text.Json.JsonSerializer.Deserialize(json, AuditJsonContext.Default.AuditEvent)!;
        AuditEvent altered = System.Text.Json.JsonSerializer.Deserialize(json.Replace("c-42", "c-43", StringComparison.Ordinal), AuditJsonContext.Default.AuditEvent)!;

        Assert.Equal("T-<7> é", read.Metadata!["ticket"]);
        Assert.True(AuditChain.Verify([read]).Valid);
        Assert.False(AuditChain.Verify([altered]).Valid);
    }

    [Fact]
    public void DeletedEvent_BreaksTheChain()
    {
        List<AuditEvent> events = Chain("a", 10);
        events.RemoveAt(4);

        AuditVerification result = AuditChain.Verify(events);

        Assert.False(result.Valid);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainTrimmedAtTheStart_StillVerifiesFromItsFirstEvent()
    {
        List<AuditEvent> events = Chain("a", 10);

        Assert.True(AuditChain.Verify(events.Skip(3)).Valid);
    }
}
