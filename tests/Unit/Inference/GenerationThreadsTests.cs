using Responses.Inference.Generation;

namespace Responses.Tests.Unit.Inference;

public sealed class GenerationThreadsTests
{
    [Fact]
    public async Task Work_runs_on_a_dedicated_thread_that_the_next_generation_reuses()
    {
        using var threads = new GenerationThreads();
        Thread? first = null, second = null;

        await threads.Run(() => first = Thread.CurrentThread);
        // The thread parks itself after the task completes: wait until it is listed idle again.
        await WaitUntilIdleAsync(threads, 1);
        await threads.Run(() => second = Thread.CurrentThread);

        Assert.NotNull(first);
        Assert.False(first.IsThreadPoolThread);
        Assert.Equal("generation", first.Name);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task Generations_at_once_each_get_a_thread_of_their_own()
    {
        using var threads = new GenerationThreads();
        using var bothRunning = new Barrier(2);
        var ids = new int[2];

        // Each waits for the other: one shared thread would never let the barrier open.
        var a = threads.Run(() => { ids[0] = Environment.CurrentManagedThreadId; bothRunning.SignalAndWait(TimeSpan.FromSeconds(10)); });
        var b = threads.Run(() => { ids[1] = Environment.CurrentManagedThreadId; bothRunning.SignalAndWait(TimeSpan.FromSeconds(10)); });
        await Task.WhenAll(a, b);

        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_failure_faults_the_task_and_the_thread_serves_on()
    {
        using var threads = new GenerationThreads();

        var failed = threads.Run(() => throw new InvalidOperationException("native failure"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal("native failure", error.Message);

        var ran = false;
        await threads.Run(() => ran = true);
        Assert.True(ran);
    }

    [Fact]
    public async Task Disposed_threads_refuse_new_work()
    {
        var threads = new GenerationThreads();
        await threads.Run(() => { });
        threads.Dispose();

        // Run refuses at once, before any task exists.
        Assert.Throws<ObjectDisposedException>(() => { _ = threads.Run(() => { }); });
    }

    private static async Task WaitUntilIdleAsync(GenerationThreads threads, int count)
    {
        for (var i = 0; i < 500 && threads.IdleCount < count; i++)
        {
            await Task.Delay(2);
        }
    }
}
