using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Inference.Scheduling;
using Responses.Server.Runs;

namespace Responses.Tests.Unit.Inference;

/// <summary>
/// Admission rules of the scheduler, on a model stand-in whose only job is to hold a slot until told (the
/// scheduler never looks inside a generation; the lifecycle tests run real ones).
/// </summary>
public sealed class GenerationSchedulerTests
{
    private static readonly RenderedPrompt Prompt = new("p", [1, 2, 3]);
    private static readonly SamplingSettings Sampling = new(16, 0, 1);

    private static GenerationScheduler Scheduler(int maxConcurrency = 1, int queue = 2, long? memoryMiB = null) =>
        new(Options.Create(new SchedulerOptions { MaxConcurrency = maxConcurrency, QueueLength = queue, MaxGenerationMemoryMiB = memoryMiB }),
            NullLogger<GenerationScheduler>.Instance);

    [Fact]
    public void The_default_concurrency_admits_a_full_batch()
    {
        var cores = Environment.ProcessorCount;
        Assert.Equal(Math.Max(cores, 8), ResolvedConcurrency()); // batching's default: a full batch of 8 fits
        Assert.Equal(cores, ResolvedConcurrency(("Inference:MaxBatchSize", "1")));
        Assert.Equal(3, ResolvedConcurrency(("Inference:MaxBatchSize", "8"), ("Scheduler:MaxConcurrency", "3")));
    }

    private static int ResolvedConcurrency(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        using var services = new ServiceCollection().AddInference(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SchedulerOptions>>().Value.ResolveMaxConcurrency();
    }

    [Fact]
    public async Task Waiters_are_admitted_in_arrival_order_as_slots_free()
    {
        using var scheduler = Scheduler(maxConcurrency: 1, queue: 3);
        var model = new HoldingModel();
        var first = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 3).Select(async i =>
        {
            var lease = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);
            lock (order)
            {
                order.Add(i);
            }

            await lease.DisposeAsync();
        }).ToList();

        Assert.Equal(new SchedulerStatus(1, 3, 0, false), scheduler.Status);
        await first.DisposeAsync();
        await Task.WhenAll(waiting);

        Assert.Equal([1, 2, 3], order);
        Assert.Equal(new SchedulerStatus(0, 0, 0, false), scheduler.Status);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_with_a_retry_after()
    {
        using var scheduler = Scheduler(maxConcurrency: 1, queue: 1);
        var model = new HoldingModel();
        await using var running = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);
        var queued = scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<SchedulerFullException>(() => scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None).AsTask());

        Assert.True(refused.RetryAfter >= TimeSpan.FromSeconds(1));
        Assert.Contains("1 generation(s) running and 1 waiting", refused.Message, StringComparison.Ordinal);
        Assert.False(queued.IsCompleted);
    }

    [Fact]
    public async Task A_waiter_that_cancels_leaves_the_queue_and_its_place_is_free()
    {
        using var scheduler = Scheduler(maxConcurrency: 1, queue: 1);
        var model = new HoldingModel();
        var running = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);
        using var leave = new CancellationTokenSource();
        var waiter = scheduler.AdmitAsync(model, Prompt, Sampling, leave.Token).AsTask();
        Assert.Equal(1, scheduler.Status.Queued);

        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(0, scheduler.Status.Queued);
        var next = scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None).AsTask();
        await running.DisposeAsync();
        await (await next).DisposeAsync();
        Assert.Equal(0, scheduler.Status.Running);
    }

    [Fact]
    public async Task Memory_is_a_budget_too_and_a_generation_larger_than_all_of_it_runs_alone()
    {
        using var scheduler = Scheduler(maxConcurrency: 8, queue: 8, memoryMiB: 100);
        var small = new HoldingModel(bytes: 60L << 20);
        var huge = new HoldingModel(bytes: 500L << 20);

        var first = await scheduler.AdmitAsync(small, Prompt, Sampling, CancellationToken.None);
        var second = scheduler.AdmitAsync(small, Prompt, Sampling, CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted); // 120 MiB would exceed 100, though a slot is free
        await first.DisposeAsync();
        await (await second).DisposeAsync();

        var alone = await scheduler.AdmitAsync(huge, Prompt, Sampling, CancellationToken.None);
        var behind = scheduler.AdmitAsync(small, Prompt, Sampling, CancellationToken.None).AsTask();
        Assert.False(behind.IsCompleted);
        await alone.DisposeAsync();
        await (await behind).DisposeAsync();
        Assert.Equal(0, scheduler.Status.ReservedBytes);
    }

    [Fact]
    public async Task Draining_refuses_new_and_queued_then_stops_what_outlasts_the_grace()
    {
        using var scheduler = Scheduler(maxConcurrency: 1, queue: 2);
        var model = new HoldingModel();
        await using var running = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);
        var queued = scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None).AsTask();
        var generation = Task.Run(async () =>
        {
            await foreach (var _ in running.GenerateAsync(CancellationToken.None))
            {
            }
        });

        var drain = scheduler.DrainAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);

        await Assert.ThrowsAsync<SchedulerStoppedException>(() => queued);
        await Assert.ThrowsAsync<SchedulerStoppedException>(() => scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None).AsTask());
        // The running generation is stopped after the grace, and says why (not a plain cancellation).
        await Assert.ThrowsAsync<SchedulerStoppedException>(() => generation);
        await running.DisposeAsync();
        await drain.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new SchedulerStatus(0, 0, 0, true), scheduler.Status);
    }

    [Fact]
    public async Task Draining_waits_for_a_generation_that_ends_within_the_grace()
    {
        using var scheduler = Scheduler();
        var model = new HoldingModel();
        var running = await scheduler.AdmitAsync(model, Prompt, Sampling, CancellationToken.None);

        var drain = scheduler.DrainAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(drain.IsCompleted);
        await running.DisposeAsync();

        await drain.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Generates nothing until cancelled; reports the memory it is told to.</summary>
    private sealed class HoldingModel(long bytes = 0) : ILanguageModel
    {
        public ModelInfo Info { get; } = new("m", 128, "/nowhere", TimeSpan.Zero);

        public GenerationActivity Activity { get; } = new();


        public ModelCapabilities Capabilities { get; } = new(false, false, false, 1, []);

        public RenderedPrompt Render(ChatPrompt prompt) => throw new InvalidOperationException();

        public long EstimateMemoryBytes(RenderedPrompt prompt, SamplingSettings sampling) => bytes;

        public async IAsyncEnumerable<OutputEvent> GenerateAsync(
            RenderedPrompt prompt, SamplingSettings sampling, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
