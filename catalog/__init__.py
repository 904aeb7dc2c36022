"""The faucet catalogue: brands, categories, finishes, certifications, products and variants."""
