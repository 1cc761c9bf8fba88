using PostPurchase.AI;
using PostPurchase.AI.Activities;
using PostPurchase.AI.Client;
using PostPurchase.Commerce.Discounts;
using PostPurchase.Messaging.Email;

namespace PostPurchase.Server.Simulations;

/// <summary>The services of the modules whose activities a simulated journey runs (the engine's registry already knows the activities).</summary>
public static class SimulationModules
{
    public static void Register(IServiceCollection services, IServiceProvider app)
    {
        services.AddSingleton(app.GetRequiredService<AiSettings>());
        services.AddSingleton(app.GetRequiredService<ITextGenerator>());
        services.AddSingleton(app.GetRequiredService<AiKeyNotice>());
        services.AddSingleton(app.GetRequiredService<IDiscountCodes>()); // never called in a simulation
        services.AddSingleton(app.GetRequiredService<EmailLayout>()); // previews show the shop's layout
    }
}
