using Prometheus;

namespace Responses.Server.Observability;

/// <summary>
/// Every series /metrics shows, in a registry of this host's own. prometheus-net's <c>Metrics.DefaultRegistry</c> is
/// process-wide mutable state: two hosts in one process (the integration tests run dozens) would count into each
/// other, so the registry lives and dies with the DI container instead.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>Time to first token: from about one decode step to a long prefill behind a queue.</summary>
    private static readonly double[] FirstTokenBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Whole requests: a GET of a stored response up to a long generation.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    public ServerMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Requests = factory.CreateCounter(
            "responses_requests_total", "HTTP requests by method, route template and status code.", ["method", "route", "status"]);
        RequestDuration = factory.CreateHistogram(
            "responses_request_duration_seconds",
            "Time from the request's arrival to its last byte (a stream's whole length).",
            ["method", "route"],
            new HistogramConfiguration { Buckets = DurationBuckets });
        TimeToFirstToken = factory.CreateHistogram(
            "responses_time_to_first_token_seconds",
            "Time from the request's arrival to the first output delta (text, reasoning or a tool call), queue and prefill included.",
            ["model"],
            new HistogramConfiguration { Buckets = FirstTokenBuckets });
        PromptTokens = factory.CreateCounter("responses_prompt_tokens_total", "Prompt tokens of finished generations.", ["model"]);
        GeneratedTokens = factory.CreateCounter(
            "responses_generated_tokens_total", "Output tokens of finished generations, reasoning included.", ["model"]);
        ReasoningTokens = factory.CreateCounter(
            "responses_reasoning_tokens_total", "Output tokens spent thinking, of finished generations.", ["model"]);
        CachedTokens = factory.CreateCounter(
            "responses_cached_tokens_total", "Prompt tokens reused from the prompt cache instead of prefilled.", ["model"]);
        ActiveGenerations = factory.CreateGauge(
            "responses_active_generations", "Generations whose worker is running (prefilling, decoding or paused on a slow reader).");
        QueueLength = factory.CreateGauge("responses_queue_length", "Requests waiting in the scheduler's queue for a slot.");
        PausedGenerations = factory.CreateGauge(
            "responses_generations_paused", "Running generations paused because their client stopped reading (no CPU, only memory, until the stall timeout).");
        StoreSaves = factory.CreateCounter("responses_store_saves_total", "Responses saved to the store.");
        StoreDeletes = factory.CreateCounter("responses_store_deletes_total", "Responses deleted from the store by a client.");
        StoreAvailable = factory.CreateGauge("responses_store_available", "1 while the response store is reachable (its circuit is closed), 0 otherwise.");
    }

    /// <summary>What /metrics serializes.</summary>
    public CollectorRegistry Registry { get; }

    public Counter Requests { get; }

    public Histogram RequestDuration { get; }

    public Histogram TimeToFirstToken { get; }

    public Counter PromptTokens { get; }

    public Counter GeneratedTokens { get; }

    public Counter ReasoningTokens { get; }

    public Counter CachedTokens { get; }

    public Gauge ActiveGenerations { get; }

    public Gauge QueueLength { get; }

    public Gauge PausedGenerations { get; }

    public Counter StoreSaves { get; }

    public Counter StoreDeletes { get; }

    public Gauge StoreAvailable { get; }

    /// <summary>
    /// Makes a model's token series exist at 0 before its first request, so a rate() over them has a start.
    /// </summary>
    public void AddModel(string model)
    {
        PromptTokens.WithLabels(model);
        GeneratedTokens.WithLabels(model);
        ReasoningTokens.WithLabels(model);
        CachedTokens.WithLabels(model);
    }
}
