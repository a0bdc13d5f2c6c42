using Newtonsoft.Json.Serialization;

namespace Encryptio.Runtime.Transport;

/// <summary>Refuses to resolve any type name from JSON: nothing from the network picks a .NET type.</summary>
public sealed class DenyAllSerializationBinder : ISerializationBinder
{
    public static readonly DenyAllSerializationBinder Instance = new();

    public Type BindToType(string? assemblyName, string typeName) =>
        throw new Newtonsoft.Json.JsonSerializationException($"type names from the network are refused ('{typeName}')");

    public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
    {
        assemblyName = null;
        typeName = null;
    }
}
