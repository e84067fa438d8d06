using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Responses.Inference;
using Responses.Inference.Scheduling;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Admission in front of the real engine (the embedded model, batching on): the scheduler's queue is the only place a
/// request waits, so its length and Retry-After count every waiter; what it admitted runs at once, batchable or not;
/// and the memory it reserved for each generation is what the generation's lane allocated.
/// </summary>
public sealed class EngineAdmissionTests
{
    private static GenerationScheduler Scheduler(int maxConcurrency, int queue) =>
        new(Options.Create(new SchedulerOptions { MaxConcurrency = maxConcurrency, QueueLength = queue }), NullLogger<GenerationScheduler>.Instance);

    [Fact]
    public async Task Every_admitted_generation_runs_at_once_and_only_the_queue_makes_a_request_wait()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 8);
        using var scheduler = Scheduler(maxConcurrency: 3, queue: 1);
        var prompt = model.Render(TestModels.UserSays("Go on forever."));
        // Sampled with a seed of its own, a generation never batches: these three each run in a lane of their own.
        var seeded = new SamplingSettings(20_000, Temperature: 1, TopP: 1, Seed: 7);
        var leases = new List<GenerationLease>();
        var streams = new List<IAsyncEnumerator<OutputEvent>>();
        for (var i = 0; i < 3; i++)
        {
            leases.Add(await scheduler.AdmitAsync(model, prompt, seeded, CancellationToken.None));
            streams.Add(leases[^1].GenerateAsync(CancellationToken.None).GetAsyncEnumerator());
        }

        // All three produce output before any of them ends: none waits behind another.
        foreach (var stream in streams)
            Assert.True(await stream.MoveNextAsync());
        Assert.Equal(3, model.Activity.Active);
        Assert.Equal(new SchedulerStatus(3, 0, scheduler.Status.ReservedBytes, false), scheduler.Status);

        // The fourth waits in the queue, where it is counted; the fifth is refused, counting both.
        var fourth = scheduler.AdmitAsync(model, prompt, seeded, CancellationToken.None).AsTask();
        Assert.False(fourth.IsCompleted);
        Assert.Equal(1, scheduler.Status.Queued);
        var refused = await Assert.ThrowsAsync<SchedulerFullException>(() => scheduler.AdmitAsync(model, prompt, seeded, CancellationToken.None).AsTask());
        Assert.Contains("3 generation(s) running and 1 waiting", refused.Message, StringComparison.Ordinal);

        await streams[0].DisposeAsync();
        await leases[0].DisposeAsync();
        await using var admitted = await fourth.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 1; i < 3; i++)
        {
            await streams[i].DisposeAsync();
            await leases[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task The_memory_reserved_for_a_batch_row_is_its_share_of_the_batch_and_comes_back_after()
    {
        using var model = EmbeddedModel.Load(maxBatchSize: 2, batchWindowMilliseconds: 5_000);
        using var scheduler = Scheduler(maxConcurrency: 8, queue: 8);
        var holderPrompt = model.Render(TestModels.UserSays("Hold on."));
        await using var holderLease = await scheduler.AdmitAsync(model, holderPrompt, new SamplingSettings(4096, 0, 1), CancellationToken.None);
        await using var holder = holderLease.GenerateAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await holder.MoveNextAsync());
        var held = scheduler.Status.ReservedBytes;
        Assert.Equal(model.EstimateMemoryBytes(holderPrompt, new SamplingSettings(4096, 0, 1)), held);

        // Two rows with different output budgets: one generator of two rows, each as long as the longer one.
        var shortPrompt = model.Render(TestModels.UserSays("Hi"));
        var longPrompt = model.Render(TestModels.UserSays("Tell me about the sea."));
        var shortSampling = new SamplingSettings(8, 0, 1);
        var longSampling = new SamplingSettings(600, 0, 1);
        var shortLease = await scheduler.AdmitAsync(model, shortPrompt, shortSampling, CancellationToken.None);
        var longLease = await scheduler.AdmitAsync(model, longPrompt, longSampling, CancellationToken.None);
        Assert.Equal(held + model.EstimateMemoryBytes(shortPrompt, shortSampling) + model.EstimateMemoryBytes(longPrompt, longSampling), scheduler.Status.ReservedBytes);
        var shortRow = shortLease.GenerateAsync(CancellationToken.None).GetAsyncEnumerator();
        var longRow = longLease.GenerateAsync(CancellationToken.None).GetAsyncEnumerator();
        var firsts = await Task.WhenAll(shortRow.MoveNextAsync().AsTask(), longRow.MoveNextAsync().AsTask());
        Assert.All(firsts, Assert.True);

        Assert.Equal(2, model.RowsBatched);
        var rowBytes = model.PromptCache.KvBytesFor(longPrompt.TokenCount + 600, longPrompt.TokenCount + 600);
        Assert.Equal(held + 2 * rowBytes, scheduler.Status.ReservedBytes);

        foreach (var row in new[] { shortRow, longRow })
        {
            while (await row.MoveNextAsync())
            {
            }
            await row.DisposeAsync();
        }
        await shortLease.DisposeAsync();
        await longLease.DisposeAsync();
        Assert.Equal(held, scheduler.Status.ReservedBytes);
    }
}
