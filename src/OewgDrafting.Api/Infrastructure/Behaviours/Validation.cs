using Mediator;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Infrastructure.Behaviours;

/// <summary>Checks a message's shape before its handler runs; the domain still guards its own rules.</summary>
public interface IValidator<in TMessage>
{
    void Validate(TMessage message, ValidationErrors errors);
}

public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string error)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(error);
        return this;
    }

    public ValidationErrors Required(string field, object? value) =>
        value is null || value is string s && string.IsNullOrWhiteSpace(s) ? Add(field, $"The {field} field is required.") : this;

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        foreach (var validator in validators)
        {
            validator.Validate(message, errors);
        }

        if (errors.Any)
        {
            throw new DomainValidationException(errors.ToDictionary());
        }

        return next(message, cancellationToken);
    }
}

public static class ValidatorRegistration
{
    /// <summary>Registers every <see cref="IValidator{TMessage}"/> in this assembly (the nested Validator of each use case).</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services)
    {
        var types = typeof(ValidatorRegistration).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false });
        foreach (var type in types)
        {
            foreach (var contract in type.GetInterfaces()
                         .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
            {
                services.AddSingleton(contract, type);
            }
        }

        return services;
    }
}
