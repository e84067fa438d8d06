using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Generation;
using Responses.Inference.Hub;
using Responses.Inference.Models;

namespace Responses.Inference.Catalog;

/// <summary>
/// Loads one served model and says what it does: which folder, how big, how long, and how much resident memory it
/// took. Several models each hold their weights, so the memory line is what a user reads to size the machine.
/// </summary>
internal sealed class ModelLoader(InferenceOptions options, ISeedSource seeds, ILoggerFactory loggerFactory, HubModelPuller hub)
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ModelCatalog>();

    /// <exception cref="ModelLoadException">The folder, its config, the model or the template is unusable.</exception>
    public OrtLanguageModel Load(ServedModel served)
    {
        var folder = served.Hub is { } source ? hub.Pull(source) : served.Folder ?? WriteEmbeddedModel();
        logger.LogInformation("Loading model '{Id}' from {Folder} ({Size})...", served.Id, folder, Size(FolderBytes(folder)));
        var residentBefore = ResidentBytes();
        var clock = Stopwatch.StartNew();
        var model = OrtLanguageModel.Load(folder, served.Id, options, seeds, loggerFactory.CreateLogger<OrtLanguageModel>());
        var resident = ResidentBytes();
        logger.LogInformation("Loaded model '{Id}' (context {Context} tokens) in {Ms:F0} ms; resident memory +{Delta}, now {Resident}.",
            served.Id, model.Info.ContextLength, clock.Elapsed.TotalMilliseconds, Size(resident - residentBefore), Size(resident));
        return model;
    }

    private string WriteEmbeddedModel()
    {
        var cache = CacheDirectoryResolver.Resolve(options.CacheDirectory);
        var writer = new EmbeddedModelWriter();
        try
        {
            var target = writer.FolderIn(cache);
            if (Directory.Exists(target))
                return target;
            // The first run writes a few megabytes; say so, since it happens once and looks like a stall otherwise.
            logger.LogInformation("Writing the embedded model to {Folder} (first run)...", target);
            var clock = Stopwatch.StartNew();
            var folder = writer.EnsureWritten(cache);
            logger.LogInformation("Wrote the embedded model ({Size}) in {Ms:F0} ms.", Size(FolderBytes(folder)), clock.Elapsed.TotalMilliseconds);
            return folder;
        }
        catch (Exception ex) when (ex is not ModelLoadException)
        {
            throw new ModelLoadException($"Could not write the embedded model under '{cache}': {ex.Message}", ex);
        }
    }

    /// <summary>The files directly in the folder (the ONNX graph and its external weights, the tokenizer).</summary>
    private static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles().Sum(file => file.Length) : 0;

    private static long ResidentBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    internal static string Size(long bytes)
    {
        var sign = bytes < 0 ? "-" : "";
        double value = Math.Abs(bytes);
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return sign + value.ToString(unit == 0 ? "F0" : "F1", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
