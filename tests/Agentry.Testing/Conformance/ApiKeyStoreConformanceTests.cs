using Agentry.Core.Security;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IApiKeyStore"/> must have: what is created is found whole, listed oldest first and gone once revoked.</summary>
public abstract class ApiKeyStoreConformanceTests
{
    protected abstract IApiKeyStore CreateStore();

    private static ApiKeyRecord Key(string id, DateTimeOffset createdAt) => new()
    {
        Id = id,
        Tenant = "tenant-" + id,
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("agk_" + id))),
        Name = "name of " + id,
        Agents = ["assistant", "researcher"],
        Admin = false,
        RequestsPerMinute = 120,
        TokensPerMinute = 50_000,
        CreatedAt = createdAt,
    };

    private static string NewId() => "k" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Create_ThenFind_ReturnsEveryField()
    {
        IApiKeyStore store = CreateStore();
        ApiKeyRecord key = Key(NewId(), new DateTimeOffset(2026, 12, 1, 8, 30, 15, 123, TimeSpan.Zero)) with { Admin = true };

        await store.CreateAsync(key, default);
        ApiKeyRecord? found = await store.FindAsync(key.Id, default);

        Assert.NotNull(found);
        Assert.Equal(key.Id, found.Id);
        Assert.Equal(key.Tenant, found.Tenant);
        Assert.Equal(key.Sha256, found.Sha256);
        Assert.Equal(key.Name, found.Name);
        Assert.Equal(key.Agents, found.Agents);
        Assert.True(found.Admin);
        Assert.Equal(120, found.RequestsPerMinute);
        Assert.Equal(50_000, found.TokensPerMinute);
        Assert.Equal(key.CreatedAt, found.CreatedAt);
        Assert.Equal("admin", found.Source);
    }

    [Fact]
    public async Task Find_OfUnknownId_IsNull()
    {
        IApiKeyStore store = CreateStore();
        await store.CreateAsync(Key(NewId(), DateTimeOffset.UnixEpoch), default);

        Assert.Null(await store.FindAsync(NewId(), default));
    }

    [Fact]
    public async Task Key_WithNoAgentScope_IsFoundWithEmptyScope()
    {
        IApiKeyStore store = CreateStore();
        ApiKeyRecord key = Key(NewId(), DateTimeOffset.UnixEpoch) with { Agents = [], Name = "" };

        await store.CreateAsync(key, default);
        ApiKeyRecord found = (await store.FindAsync(key.Id, default))!;

        Assert.Empty(found.Agents);
        Assert.True(found.MayRun("any-agent"));
        Assert.Equal("", found.Name);
    }

    [Fact]
    public async Task Create_WithAnIdInUse_FailsAndKeepsTheFirst()
    {
        IApiKeyStore store = CreateStore();
        ApiKeyRecord first = Key(NewId(), DateTimeOffset.UnixEpoch);
        await store.CreateAsync(first, default);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateAsync(first with { Tenant = "intruder", Sha256 = new string('0', 64) }, default));

        ApiKeyRecord kept = (await store.FindAsync(first.Id, default))!;
        Assert.Equal(first.Tenant, kept.Tenant);
        Assert.Equal(first.Sha256, kept.Sha256);
    }

    [Fact]
    public async Task List_HasEveryKey_OldestFirst()
    {
        IApiKeyStore store = CreateStore();
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        string[] ids = [NewId(), NewId(), NewId()];
        await store.CreateAsync(Key(ids[2], start.AddMinutes(2)), default);
        await store.CreateAsync(Key(ids[0], start), default);
        await store.CreateAsync(Key(ids[1], start.AddMinutes(1)), default);

        IReadOnlyList<ApiKeyRecord> listed = await store.ListAsync(default);

        Assert.Equal(ids, listed.Select(k => k.Id).Where(ids.Contains).ToArray());
    }

    [Fact]
    public async Task Revoke_RemovesTheKeyFromFindAndList_Once()
    {
        IApiKeyStore store = CreateStore();
        ApiKeyRecord kept = Key(NewId(), DateTimeOffset.UnixEpoch);
        ApiKeyRecord revoked = Key(NewId(), DateTimeOffset.UnixEpoch.AddSeconds(1));
        await store.CreateAsync(kept, default);
        await store.CreateAsync(revoked, default);

        Assert.True(await store.RevokeAsync(revoked.Id, default));
        Assert.False(await store.RevokeAsync(revoked.Id, default));
        Assert.False(await store.RevokeAsync(NewId(), default));

        Assert.Null(await store.FindAsync(revoked.Id, default));
        Assert.NotNull(await store.FindAsync(kept.Id, default));
        IReadOnlyList<ApiKeyRecord> listed = await store.ListAsync(default);
        Assert.Contains(listed, k => k.Id == kept.Id);
        Assert.DoesNotContain(listed, k => k.Id == revoked.Id);
    }

    [Fact]
    public async Task Revoked_Id_CanBeCreatedAgain()
    {
        IApiKeyStore store = CreateStore();
        ApiKeyRecord key = Key(NewId(), DateTimeOffset.UnixEpoch);
        await store.CreateAsync(key, default);
        await store.RevokeAsync(key.Id, default);

        await store.CreateAsync(key with { Tenant = "second" }, default);

        Assert.Equal("second", (await store.FindAsync(key.Id, default))!.Tenant);
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneId_ExactlyOneWins()
    {
        IApiKeyStore store = CreateStore();
        string id = NewId();

        Task[] creates = Enumerable.Range(0, 8).Select(i => store.CreateAsync(Key(id, DateTimeOffset.UnixEpoch) with { Tenant = "t" + i }, default)).ToArray();
        await Task.WhenAll(creates.Select(async c =>
        {
            try
            {
                await c;
            }
            catch (InvalidOperationException)
            {
            }
        }));

        Assert.Equal(1, creates.Count(c => c.IsCompletedSuccessfully));
        Assert.Single(await store.ListAsync(default), k => k.Id == id);
    }
}
