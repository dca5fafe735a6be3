"""红色物业: property companies, their contracts with 小区, evaluations and credit files."""
