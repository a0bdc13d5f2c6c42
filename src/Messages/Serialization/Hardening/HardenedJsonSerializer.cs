using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Newtonsoft.Json.Linq;

namespace Encryptio.Messages.Serialization.Hardening;

/// <summary>
/// Stands in for Akka's <see cref="NewtonSoftJsonSerializer"/> (id 1, alias <c>json</c>). Outbound it
/// is the original (which takes the node's <see cref="NewtonSoftJsonSerializerSetup"/>). Inbound no
/// .NET type is ever chosen by the sender:
/// <list type="bullet">
/// <item>a payload with a type hint (a manifest) is refused outright: the original would convert the
/// JSON into that type, non-public constructors included, so <c>"Akka.Actor.Kill, Akka"</c> or
/// <c>"Akka.Dispatch.SysMsg.Suspend, Akka"</c> with <c>{}</c> is a working Kill or Suspend;</item>
/// <item>a payload without one may only come out as plain JSON (a <see cref="JToken"/>) or a primitive;
/// anything else means a <c>$type</c> was honoured, and is refused too.</item>
/// </list>
/// The project binds nothing to JSON (<c>allow-unregistered-types = false</c>), so no legitimate
/// message is lost. Refusals become a <see cref="NeutralizedMessage"/>; never throws on the way in.
/// </summary>
public sealed class HardenedJsonSerializer : Serializer
{
    public const int Id = 1;

    private readonly NewtonSoftJsonSerializer _original;
    private readonly Neutralizer _neutralizer;

    public HardenedJsonSerializer(ExtendedActorSystem system) : this(system, new NewtonSoftJsonSerializer(system))
    {
    }

    /// <summary>What Akka calls when <c>akka.actor.serialization-settings.json</c> exists (it does, in Akka's defaults).</summary>
    public HardenedJsonSerializer(ExtendedActorSystem system, Config config) : this(system, new NewtonSoftJsonSerializer(system, config))
    {
    }

    private HardenedJsonSerializer(ExtendedActorSystem system, NewtonSoftJsonSerializer original) : base(system)
    {
        _original = original;
        _neutralizer = new Neutralizer(system, Id, nameof(HardenedJsonSerializer));
    }

    public override int Identifier => Id;

    public override bool IncludeManifest => _original.IncludeManifest;

    public override byte[] ToBinary(object obj) => _original.ToBinary(obj);

    public override object FromBinary(byte[] bytes, Type? type)
    {
        if (type is not null)
            return _neutralizer.Neutralize(type.FullName, "JSON from the network may not name a .NET type");
        try
        {
            var result = _original.FromBinary(bytes, null);
            return IsPlainData(result)
                ? result
                : _neutralizer.Neutralize(result.GetType().FullName, "JSON from the network may only be plain data");
        }
        catch (Exception e)
        {
            return _neutralizer.Neutralize(null, "the JSON does not parse", e);
        }
    }

    private static bool IsPlainData(object? value) =>
        value is null or JToken or string or bool or int or long or float or double or decimal;
}
