using Agentry.Core.Security;

namespace Agentry.Core.Tests.Security;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Generate_MakesDistinctWellFormedKeys_WhoseIdIsParsedBack()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeyFormat.Generate()).ToArray();

        Assert.Equal(100, keys.Select(k => k.Key).Distinct().Count());
        Assert.All(keys, k =>
        {
            Assert.Equal(ApiKeyFormat.Length, k.Key.Length);
            Assert.Equal(k.Id, ApiKeyFormat.IdOf(k.Key));
            Assert.True(ApiKeyFormat.IsId(k.Id));
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("agk_")]
    [InlineData("sk-ant-api03-abcdef")]
    [InlineData("agk_ABCDEFGHIJKL_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("agk_abcdefghijkl-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("agk_abcdefghijkl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'")]
    [InlineData("agk_abcdefghijkl_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void IdOf_MalformedKey_IsNull(string key) => Assert.Null(ApiKeyFormat.IdOf(key));

    [Fact]
    public void Matches_OnlyTheKeyWithThatHash()
    {
        (_, string key) = ApiKeyFormat.Generate();
        (_, string other) = ApiKeyFormat.Generate();
        string hash = ApiKeyFormat.Hash(key);

        Assert.True(ApiKeyFormat.Matches(key, hash));
        Assert.False(ApiKeyFormat.Matches(other, hash));
        Assert.False(ApiKeyFormat.Matches(key, "not-hex"));
        Assert.Equal(64, hash.Length);
    }
}
