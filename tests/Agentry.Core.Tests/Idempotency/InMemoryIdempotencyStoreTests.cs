using Agentry.Core.Idempotency;
using Agentry.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Tests.Idempotency;

public sealed class InMemoryIdempotencyStoreTests : IdempotencyStoreConformanceTests
{
    protected override IIdempotencyStore CreateStore() =>
        new InMemoryIdempotencyStore(Options.Create(new IdempotencyOptions()), Time);

    protected override Task LetTimePassAsync(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return Task.CompletedTask;
    }
}
