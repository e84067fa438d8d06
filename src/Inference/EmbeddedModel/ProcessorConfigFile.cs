using System.Text.Json;

namespace Responses.Inference.EmbeddedModel;

/// <summary>
/// Writes processor_config.json, the ONNX Runtime Extensions image pipeline ORT GenAI runs on each image before the
/// vision graph: decode (png, jpeg, ...) to RGB, resize to a <see cref="VisionGraphBuilder.ImageSide"/> square, bytes to
/// [0, 1], normalise to [-1, 1], channels first; a prompt's images come out as pixel_values [images, 3, side, side].
/// </summary>
internal static class ProcessorConfigFile
{
    public static void Write(string path)
    {
        ModelJsonFile.Write(path, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("processor");
            w.WriteString("name", "responses_tiny_vision_processor");
            w.WriteStartArray("transforms");
            Operation(w, "decode_image", "DecodeImage", () => w.WriteString("color_space", "RGB"));
            Operation(w, "resize", "Resize", () =>
            {
                w.WriteNumber("height", VisionGraphBuilder.ImageSide);
                w.WriteNumber("width", VisionGraphBuilder.ImageSide);
                w.WriteString("interpolation", "LINEAR");
            });
            Operation(w, "rescale", "Rescale", () => w.WriteNumber("rescale_factor", 1.0 / 255.0));
            Operation(w, "normalize", "Normalize", () =>
            {
                Triple(w, "mean", 0.5);
                Triple(w, "std", 0.5);
            });
            Operation(w, "to_channel_first", "Permute3D", () =>
            {
                w.WriteStartArray("dims");
                w.WriteNumberValue(2);
                w.WriteNumberValue(0);
                w.WriteNumberValue(1);
                w.WriteEndArray();
            });
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void Operation(Utf8JsonWriter w, string name, string type, Action writeAttributes)
    {
        w.WriteStartObject();
        w.WriteStartObject("operation");
        w.WriteString("name", name);
        w.WriteString("type", type);
        w.WriteStartObject("attrs");
        writeAttributes();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Triple(Utf8JsonWriter w, string name, double value)
    {
        w.WriteStartArray(name);
        for (var channel = 0; channel < 3; channel++)
        {
            w.WriteNumberValue(value);
        }

        w.WriteEndArray();
    }
}
