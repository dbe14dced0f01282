using Agentry.Core.Idempotency;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IIdempotencyStore"/> must have.</summary>
public abstract class IdempotencyStoreConformanceTests
{
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(2);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected abstract IIdempotencyStore CreateStore();

    protected abstract Task LetTimePassAsync(TimeSpan elapsed);

    [Fact]
    public async Task Claim_NewKey_IsAcquired_ThenInProgressForRetries()
    {
        IIdempotencyStore store = CreateStore();

        Assert.Equal(IdempotencyClaimStatus.Acquired, (await store.ClaimAsync("t1", "k", "fp", Claim, default)).Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.ClaimAsync("t1", "k", "fp", Claim, default)).Status);
    }

    [Fact]
    public async Task Claim_WithOtherFingerprint_IsMismatch()
    {
        IIdempotencyStore store = CreateStore();
        await store.ClaimAsync("t1", "k", "fp", Claim, default);

        Assert.Equal(IdempotencyClaimStatus.FingerprintMismatch, (await store.ClaimAsync("t1", "k", "other", Claim, default)).Status);
    }

    [Fact]
    public async Task Claim_AfterComplete_ReturnsStoredResponse()
    {
        IIdempotencyStore store = CreateStore();
        await store.ClaimAsync("t1", "k", "fp", Claim, default);
        await store.CompleteAsync("t1", "k", new StoredResponse(200, "application/json", "{\"a\":1}"u8.ToArray()), TimeSpan.FromHours(1), default);

        IdempotencyClaim claim = await store.ClaimAsync("t1", "k", "fp", Claim, default);

        Assert.Equal(IdempotencyClaimStatus.Completed, claim.Status);
        Assert.Equal((200, "application/json"), (claim.Response!.StatusCode, claim.Response.ContentType));
        Assert.Equal("{\"a\":1}"u8.ToArray(), claim.Response.Body);
    }

    [Fact]
    public async Task Release_LetsTheKeyBeClaimedAgain()
    {
        IIdempotencyStore store = CreateStore();
        await store.ClaimAsync("t1", "k", "fp", Claim, default);

        await store.ReleaseAsync("t1", "k", default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, (await store.ClaimAsync("t1", "k", "fp2", Claim, default)).Status);
    }

    [Fact]
    public async Task Claim_IsPerTenant()
    {
        IIdempotencyStore store = CreateStore();
        await store.ClaimAsync("t1", "k", "fp", Claim, default);

        Assert.Equal(IdempotencyClaimStatus.Acquired, (await store.ClaimAsync("t2", "k", "fp", Claim, default)).Status);
    }

    [Fact]
    public async Task Claim_OfDeadRequest_LapsesAfterItsTimeToLive()
    {
        IIdempotencyStore store = CreateStore();
        await store.ClaimAsync("t1", "k", "fp", Claim, default);

        await LetTimePassAsync(Claim + TimeSpan.FromSeconds(1));

        Assert.Equal(IdempotencyClaimStatus.Acquired, (await store.ClaimAsync("t1", "k", "fp", Claim, default)).Status);
    }

    [Fact]
    public async Task Claim_ConcurrentSameKey_ExactlyOneAcquires()
    {
        IIdempotencyStore store = CreateStore();

        IdempotencyClaim[] claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => store.ClaimAsync("t1", "race", "fp", Claim, default))));

        Assert.Single(claims, c => c.Status == IdempotencyClaimStatus.Acquired);
    }
}
