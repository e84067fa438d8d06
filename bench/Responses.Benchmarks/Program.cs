using System.Diagnostics;
using Responses.Benchmarks;
using Responses.Inference.EmbeddedModel;
using Responses.Server.Runs;

// Throughput and latency of the server against the raw engine it wraps, in one run, on one machine.
var options = BenchOptions.Parse(args);
var repository = Repository.Root();
var scratch = Path.Combine(Path.GetTempPath(), "responses-bench", Guid.NewGuid().ToString("N"));
if (options.StoreOps)
{
    // Store operations only: no model, no server process.
    Console.Write(await StoreBench.RunAsync(scratch));
    Directory.Delete(scratch, recursive: true);
    return;
}

if (options.WriteModelTo is { } target)
{
    // The model folder alone, so other engines can be timed on the very same weights (a GGUF writer reads it).
    var written = (options.BenchSizeModel ? EmbeddedModelWriter.ForBenchmark(options.Precision) : new EmbeddedModelWriter()).EnsureWritten(target);
    Console.WriteLine(written);
    return;
}

string folder, modelId;
string? serverModel = options.ModelPath;
TimeSpan? writeTime = null;
var writeLabel = "embedded model write (fresh folder)";
if (options.ModelPath is { } path)
{
    folder = path;
    modelId = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
}
else if (options.BenchSizeModel)
{
    // The bench-size model: the embedded model's type and tokenizer with real dimensions, written into the scratch
    // folder (deleted at the end), served by the server process as a --model folder.
    var writer = EmbeddedModelWriter.ForBenchmark(options.Precision);
    var parameters = writer.ParameterCount(EmbeddedModelWriter.VocabularySize);
    Console.Error.WriteLine($"Writing the bench-size model ({writer.Describe()}, {parameters / 1e6:F1}M parameters)...");
    var clock = Stopwatch.StartNew();
    folder = writer.EnsureWritten(scratch);
    writeTime = clock.Elapsed;
    modelId = Path.GetFileName(folder);
    serverModel = folder;
    writeLabel = FormattableString.Invariant($"bench-size model write ({parameters / 1e6:F1}M parameters, {new FileInfo(Path.Combine(folder, "model.onnx")).Length / (1024 * 1024)} MiB)");
    Console.Error.WriteLine($"  written in {writeTime.Value.TotalSeconds:F1} s.");
}
else
{
    var clock = Stopwatch.StartNew();
    folder = new EmbeddedModelWriter().EnsureWritten(scratch);
    writeTime = clock.Elapsed;
    modelId = EmbeddedModelWriter.ModelId;
}

Console.Error.WriteLine($"Model {modelId} at {folder}; {options.Tokens} tokens, {options.Runs} runs, {Environment.ProcessorCount} cores.");
using var engine = new EngineBench(folder, modelId);
const string Story = "Tell me a long story about the sea, the ships and the people who sail them.";
var prompt = engine.Render(Story);
var n = options.Tokens;
if (options.Batching)
{
    // Batching only: in process (ORT GenAI's batching paths side by side), then one server per setting.
    Console.Error.WriteLine($"Batching: {string.Join(", ", options.ClientCounts)} at once, {n} tokens, {options.Runs} runs.");
    var inputs = BatchingScenario.Inputs(Story, options.ClientCounts.Max());
    var prompts = inputs.Select(i => engine.Render(i).TokenIds).ToArray();
    if (!options.SkipInProcess)
        Console.Write(OrtBatchingBench.Render(OrtBatchingBench.Run(folder, prompts, n, options.ClientCounts), n));
    engine.Dispose();
    using var batchingHttp = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(5) };
    var batching = await BatchingScenario.RunAsync(
        Repository.ServerDll(repository), serverModel, scratch, batchingHttp, modelId, inputs, n, options.ClientCounts, options.Runs);
    Console.Write(BatchingScenario.Render(batching, prompts.Min(p => p.Length), prompts.Max(p => p.Length), n));
    Directory.Delete(scratch, recursive: true);
    return;
}

if (options.Allocations)
{
    // Allocations only: in process, no server process.
    Console.Error.WriteLine($"Allocations: {prompt.TokenCount}-token prompt, {n} tokens, {options.Runs} runs.");
    Console.Write(AllocationBench.Render(await AllocationBench.RunAsync(engine, prompt, n, options.Runs)));
    engine.Dispose();
    Directory.Delete(scratch, recursive: true);
    return;
}

using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(5) };
if (options.Transport)
{
    // Transports only: the sinks in process, then SSE against a WebSocket on the server process.
    Console.Error.WriteLine($"Transport: {prompt.TokenCount}-token prompt, {n} tokens, {options.Runs} runs.");
    var sinks = await TransportBench.SinksAsync(engine, prompt, n, options.Runs);
    using var transportServer = await ServerProcess.StartAsync(
        Repository.ServerDll(repository), serverModel, scratch, http, "--Inference:PromptCacheEntries", "0");
    var wire = await TransportBench.WireAsync(new ServerBench(http, transportServer.BaseAddress, modelId), Story, n, options.Runs);
    Console.Write(TransportBench.Render(sinks, wire));
    transportServer.Dispose();
    engine.Dispose();
    Directory.Delete(scratch, recursive: true);
    return;
}

using var direct = new OrtDirectBench(folder);
// No prompt cache on the server measured against the raw engine: its scenarios repeat one prompt, and would time a
// rewind instead of the prefill. The cache has its own scenario below.
// Its store (SQLite, as by default) in the scratch folder: a fresh file each run, not the user's.
using var server = await ServerProcess.StartAsync(
    Repository.ServerDll(repository), serverModel, scratch, http, "--Inference:PromptCacheEntries", "0",
    "--Store:Path", Path.Combine(scratch, "responses.db"));
var client = new ServerBench(http, server.BaseAddress, modelId);
if (options.Overhead)
{
    // Serving overhead only: the raw engine and the server process, short and long requests in rounds.
    Console.Error.WriteLine($"Overhead: {prompt.TokenCount}-token prompt, 16 and {n} tokens, {options.Runs} rounds.");
    Console.Write(OverheadBench.Render(await OverheadBench.RunAsync(direct, engine, prompt, client, server, Story, n, options.Runs)));
    server.Dispose();
    engine.Dispose();
    Directory.Delete(scratch, recursive: true);
    return;
}


Console.Error.WriteLine($"Generation: {prompt.TokenCount}-token prompt, up to {n} new tokens, greedy.");
var generation = new[]
{
    await Scenario.RunAsync("ORT GenAI direct", options.Runs, () => Task.FromResult(direct.Generate(prompt.TokenIds, n))),
    await Scenario.RunAsync("raw engine (ILanguageModel)", options.Runs, () => engine.GenerateAsync(prompt, n)),
    await Scenario.RunAsync("server JSON", options.Runs, () => client.JsonAsync(Story, n)),
    await Scenario.RunAsync("server SSE", options.Runs, () => client.StreamAsync(Story, n)),
};

var longText = LongPrompt.Build(engine, options.PrefillTokens);
var longPrompt = engine.Render(longText);
var prefillRuns = Math.Min(options.Runs, 3);
Console.Error.WriteLine($"Prefill: {longPrompt.TokenCount}-token prompt, time to first token, {prefillRuns} runs.");
var prefill = new[]
{
    await Scenario.RunAsync("ORT GenAI direct", prefillRuns, () => Task.FromResult(direct.Generate(longPrompt.TokenIds, 16))),
    await Scenario.RunAsync("raw engine (ILanguageModel)", prefillRuns, () => engine.GenerateAsync(longPrompt, 16)),
    await Scenario.RunAsync("server SSE", prefillRuns, () => client.StreamAsync(longText, 16)),
};

Console.WriteLine(ResultTable.Render(options, modelId, prompt.TokenCount, longPrompt.TokenCount, generation, prefill, writeTime, writeLabel, engine.Info.LoadTime, server.StartTime));

// What constrained decoding costs per token: the same greedy loop, free and under a JSON grammar. A JSON object
// with free string values never closes under greedy decoding on random weights, so both runs make n tokens.
const string AnyObject = """{"x-guidance":{"whitespace_flexible":false},"type":"object","additionalProperties":{"type":"string"}}""";
Console.Error.WriteLine($"Guidance: {prompt.TokenCount}-token prompt, {n} tokens, free vs json_schema.");
var guidance = new[]
{
    await Scenario.RunAsync("ORT GenAI direct, free", options.Runs, () => Task.FromResult(direct.Generate(prompt.TokenIds, n))),
    await Scenario.RunAsync("ORT GenAI direct, guidance", options.Runs, () => Task.FromResult(direct.Generate(prompt.TokenIds, n, AnyObject))),
};
Console.WriteLine(ResultTable.RenderGuidance(guidance));

var cacheRuns = Math.Min(options.Runs, 3);
// A second server process with the prompt cache on (its default) for the same turns through HTTP.
using (var cachingServer = await ServerProcess.StartAsync(Repository.ServerDll(repository), serverModel, scratch, http, "--store", "memory"))
{
    var caching = new ServerBench(http, cachingServer.BaseAddress, modelId);
    Console.WriteLine(PromptCacheBench.Render(await PromptCacheBench.RunAsync(folder, modelId, engine, client, caching, [1_000, options.PrefillTokens], cacheRuns)));
}

// Throughput under load: N streaming clients at once, on the server's defaults (`--batching` compares the settings).
Console.Error.WriteLine($"Concurrency: {string.Join(", ", options.ClientCounts)} streaming clients, {n} tokens, {options.Runs} rounds.");
var concurrency = await ConcurrencyBench.RunAsync(client, [Story], n, options.ClientCounts, options.Runs);
var batchSize = new Responses.Inference.Catalog.InferenceOptions().MaxBatchSize;
var defaultConcurrency = new Responses.Inference.Scheduling.SchedulerOptions { BatchSize = batchSize }.ResolveMaxConcurrency();
Console.WriteLine(ConcurrencyBench.Render(concurrency, prompt.TokenCount, n, defaultConcurrency, batchSize));

server.Dispose();

if (options.Memory)
{
    // The cache off here too: each round must prefill again, and kept generators would blur what a release returns.
    using var releasing = await ServerProcess.StartAsync(
        Repository.ServerDll(repository), serverModel, scratch, http, "--Inference:PromptCacheEntries", "0");
    var released = await MemoryBench.RunAsync(releasing, new ServerBench(http, releasing.BaseAddress, modelId), engine);
    releasing.Dispose();
    using var keeping = await ServerProcess.StartAsync(
        Repository.ServerDll(repository), serverModel, scratch, http, "--Inference:ReleaseIdleMemory", "false",
        "--Inference:PromptCacheEntries", "0");
    var kept = await MemoryBench.RunAsync(keeping, new ServerBench(http, keeping.BaseAddress, modelId), engine);
    Console.WriteLine(MemoryBench.Render(released, kept));
}

if (Directory.Exists(scratch))
{
    Directory.Delete(scratch, recursive: true);
}
