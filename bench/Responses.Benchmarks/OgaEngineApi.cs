using System.Runtime.InteropServices;

namespace Responses.Benchmarks;

/// <summary>
/// The part of ORT GenAI's C Engine API (ort_genai_c.h in the 0.18 package's build/native/include) the batching
/// bench calls: the C# wrapper does not expose the Engine yet.
/// </summary>
internal static partial class OgaEngineApi
{
    private const string Lib = "onnxruntime-genai";

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr OgaCreateConfig(string path, out IntPtr config);
    [LibraryImport(Lib)] public static partial IntPtr OgaConfigClearProviders(IntPtr config);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] public static partial IntPtr OgaConfigOverlay(IntPtr config, string json);
    [LibraryImport(Lib)] public static partial void OgaDestroyConfig(IntPtr config);
    [LibraryImport(Lib)] public static partial IntPtr OgaCreateModelFromConfig(IntPtr config, out IntPtr model);
    [LibraryImport(Lib)] public static partial void OgaDestroyModel(IntPtr model);
    [LibraryImport(Lib)] public static partial IntPtr OgaCreateEngine(IntPtr model, out IntPtr engine);
    [LibraryImport(Lib)] public static partial void OgaDestroyEngine(IntPtr engine);
    [LibraryImport(Lib)] public static partial IntPtr OgaCreateEngineEventBuffer(IntPtr engine, nuint capacity, out IntPtr buffer);
    [LibraryImport(Lib)] public static partial void OgaDestroyEngineEventBuffer(IntPtr buffer);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineRun(IntPtr engine, IntPtr buffer);
    [LibraryImport(Lib)] public static partial nuint OgaEngineEventBufferGetCount(IntPtr buffer);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineEventBufferGet(IntPtr buffer, nuint index);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineEventGetFlags(IntPtr ev, out uint flags);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineEventGetRequest(IntPtr ev, out IntPtr request);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineEventGetToken(IntPtr ev, out int token);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineEventGetFinishReason(IntPtr ev, out uint reason);
    [LibraryImport(Lib)] public static partial IntPtr OgaEngineCreateRequest(IntPtr engine, IntPtr options, out IntPtr request);
    [LibraryImport(Lib)] public static partial IntPtr OgaCreateRequestOptions(out IntPtr options);
    [LibraryImport(Lib)] public static partial IntPtr OgaRequestOptionsSetMaxSessionTokens(IntPtr options, ulong max);
    [LibraryImport(Lib)] public static partial void OgaDestroyRequestOptions(IntPtr options);
    [LibraryImport(Lib)] public static partial IntPtr OgaRequestCreateTurnOptions(IntPtr request, out IntPtr options);
    [LibraryImport(Lib)] public static partial void OgaDestroyTurnOptions(IntPtr options);
    [LibraryImport(Lib)] public static partial IntPtr OgaTurnOptionsSetMaxGeneratedTokens(IntPtr options, ulong max);
    [LibraryImport(Lib)] public static unsafe partial IntPtr OgaRequestBeginTurn(IntPtr request, IntPtr options, int* ids, ulong count, out ulong turnId);
    [LibraryImport(Lib)] public static partial IntPtr OgaRequestClose(IntPtr request);
    [LibraryImport(Lib)] public static partial void OgaDestroyRequest(IntPtr request);

    public const uint FlagToken = 1, FlagTurnFinished = 2, FlagFailed = 8;

    public static void Check(IntPtr result) => Responses.Inference.Ort.OrtCalls.Check(result);
}
